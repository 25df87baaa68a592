package io.orderflow.observability;

import io.orderflow.stream.RedisStreamsConstants;
import org.apache.camel.Exchange;

/**
 * Counts the dead-letter entries the stream consumers' dead-letter route wrote, by the stream and group the entry
 * failed in (a step of that route, after the write succeeded). The component counts the other way into a
 * dead-letter stream, {@code maxDeliveries}, itself.
 */
public final class DeadLetterCounter {

    public static final String BEAN_NAME = "deadLetterMetrics";

    private volatile StreamMetrics metrics;

    /** The stream meters arrive when the observability refresher starts. */
    void countInto(StreamMetrics metrics) {
        this.metrics = metrics;
    }

    public void written(Exchange exchange) {
        String stream = exchange.getMessage().getHeader(RedisStreamsConstants.STREAM, String.class);
        String group = exchange.getMessage().getHeader(RedisStreamsConstants.GROUP, String.class);
        StreamMetrics current = metrics;
        if (stream != null && group != null && current != null) {
            current.deadLettered(new StreamGroup(stream, group));
        }
    }
}
