package io.orderflow.observability;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line a batch consumer writes per entry it took (logger {@code orderflow.flow.consumer}), each in its entry's
 * trace, after the batch: entries it handed to the single-event route are logged there, with their outcome.
 */
public final class ConsumerLog {

    public static final String BEAN_NAME = "consumerLog";

    private static final Logger FLOW = LoggerFactory.getLogger("orderflow.flow.consumer");

    /** {@code batch}: the exchange of a batch read, its body the per-entry exchanges. */
    public void batchHandled(Exchange batch) {
        List<?> entries = batch.getMessage().getBody(List.class);
        if (entries == null || !FLOW.isInfoEnabled()) {
            return;
        }
        Map<String, String> before = TraceMdc.snapshot();
        try {
            for (Object element : entries) {
                if (element instanceof Exchange entry && entry.getException() == null
                        && !entry.getProperty(TraceContext.ROUTED_ONE_BY_ONE, false, Boolean.class)) {
                    TraceMdc.apply(LogContext.of(entry));
                    FLOW.info("Handled {} {} in a batch of {}", entry.getMessage().getHeader("event_type"),
                            entry.getMessage().getHeader("event_id"), entries.size());
                }
            }
        } finally {
            TraceMdc.restore(before);
        }
    }
}
