package io.orderflow.observability;

import io.orderflow.stream.RedisStreamsEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the dead-letter entries written through a {@code redis-streams:...?mode=deadLetter} endpoint (the stream
 * consumers' dead-letter channel), by the stream and group the entry failed in. The component counts the other way
 * into a dead-letter stream, {@code maxDeliveries}, itself.
 */
final class DeadLetterCounter extends EventNotifierSupport {

    private final StreamMetrics metrics;

    DeadLetterCounter(StreamMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent
                && sent.getEndpoint() instanceof RedisStreamsEndpoint endpoint
                && "deadLetter".equals(endpoint.getConfiguration().getMode());
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        if (exchange.getException() != null) {
            return;
        }
        RedisStreamsEndpoint endpoint = (RedisStreamsEndpoint) sent.getEndpoint();
        String stream = exchange.getMessage().getHeader("CamelRedisStreamsStream", String.class);
        String group = exchange.getMessage().getHeader("CamelRedisStreamsGroup", endpoint.getConfiguration().getGroup(),
                String.class);
        if (stream != null && group != null) {
            metrics.deadLettered(new StreamGroup(stream, group));
        }
    }
}
