package io.orderflow.observability;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * What the outbox relay reports, from steps of {@code routes/outbox-relay.camel.yaml}: entries appended to their
 * stream (counted, and one line each on the logger {@code orderflow.flow.relay} in the trace of the request that
 * wrote the row, so a relay batch never mixes traces on one line) and batches that failed.
 */
public final class OutboxObservation {

    public static final String BEAN_NAME = "outboxObservation";

    private static final Logger RELAY = LoggerFactory.getLogger("orderflow.flow.relay");

    private final MeterRegistry registry;
    private final Map<String, String> streams;

    /** {@code streams}: the stream of each outbox the relay publishes. */
    OutboxObservation(MeterRegistry registry, Map<String, String> streams) {
        this.registry = registry;
        this.streams = Map.copyOf(streams);
        // present from the start, so rates and alerts work before the first event
        streams.keySet().forEach(outbox -> {
            published(outbox);
            errors(outbox);
        });
    }

    /**
     * After a batch's XADD (body: the entries, header {@code CamelRedisStreamsEntryIds}: their ids). A batch whose
     * transaction then fails is appended and counted again (at least once, like the relay).
     */
    public void appended(String outbox, Exchange exchange) {
        List<?> entries = exchange.getMessage().getBody(List.class);
        if (entries == null || entries.isEmpty()) {
            return;
        }
        published(outbox).increment(entries.size());
        if (!RELAY.isInfoEnabled()) {
            return;
        }
        List<?> ids = exchange.getMessage().getHeader("CamelRedisStreamsEntryIds", List.class);
        String stream = streams.get(outbox);
        Map<String, String> before = TraceMdc.snapshot();
        try {
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof Map<?, ?> fields)) {
                    continue;
                }
                TraceMdc.apply(logContext(fields, stream));
                RELAY.info("Published {} {} {}", kv("event_type", fields.get("event_type")), kv("stream", stream),
                        kv("entry_id", ids == null || i >= ids.size() ? null : ids.get(i)));
            }
        } finally {
            TraceMdc.restore(before);
        }
    }

    /** A batch failed: its rows stay in the outbox and are retried. */
    public void failed(String outbox) {
        errors(outbox).increment();
    }

    private static LogContext logContext(Map<?, ?> fields, String stream) {
        TraceParent parent = TraceParent.parse(text(fields.get(TraceContext.HEADER))).orElse(null);
        return new LogContext(parent == null ? null : parent.traceId(), parent == null ? null : parent.spanId(),
                text(fields.get("aggregate_id")), text(fields.get("event_id")), stream, null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private Counter published(String outbox) {
        return Counter.builder(Metrics.OUTBOX_PUBLISHED)
                .description("Outbox rows appended to their stream by the relay")
                .tag("outbox", outbox)
                .tag("stream", streams.getOrDefault(outbox, ""))
                .register(registry);
    }

    private Counter errors(String outbox) {
        return Counter.builder(Metrics.OUTBOX_PUBLISH_ERRORS)
                .description("Relay batches that failed (Redis or PostgreSQL unreachable); their rows are retried")
                .tag("outbox", outbox)
                .tag("stream", streams.getOrDefault(outbox, ""))
                .register(registry);
    }
}
