package io.orderflow.stream;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * An {@code onRedelivery} processor for a dead-letter channel in front of {@code mode=deadLetter}: copies
 * {@code CamelRedeliveryCounter} to the exchange property {@code CamelRedisStreamsRedeliveries}, because the header is
 * gone when the dead-letter endpoint gets the original message.
 */
public class RedisStreamsRedeliveryCounter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Integer counter = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (counter != null) {
            exchange.setProperty(RedisStreamsConstants.REDELIVERIES, counter);
        }
    }
}
