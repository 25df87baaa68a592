package io.orderflow.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code mode=deadLetter}: writes the dead-letter entry of the consumed entry this exchange carries to the endpoint's
 * stream, once per original entry. Meant as the target of a dead-letter channel (with {@code useOriginalMessage} and
 * {@code deadLetterHandleNewException=false}, so that a failed write leaves the entry pending instead of acking it).
 * <p>
 * Reads the headers {@code CamelRedisStreamsStream}, {@code CamelRedisStreamsEntryId}, {@code CamelRedisStreamsGroup},
 * {@code CamelRedisStreamsConsumer} and {@code CamelRedisStreamsDeliveryCount}; the error from the property
 * {@code CamelExceptionCaught} (or the exchange's exception); {@code attempts} = delivery count + the property
 * {@code CamelRedisStreamsRedeliveries} (see {@link RedisStreamsRedeliveryCounter}; else the header
 * {@code CamelRedeliveryCounter}). The payload and event fields are copied from the original entry in Redis, byte for
 * byte; if it is gone (trimmed), from the body and the headers {@code event_type}, {@code event_id}, {@code traceparent}.
 */
public class RedisStreamsDeadLetterProducer extends DefaultProducer {

    private static final String[] HEADER_FIELDS = { "event_type", "event_id", "traceparent" };

    public RedisStreamsDeadLetterProducer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String stream = message.getHeader(RedisStreamsConstants.STREAM, String.class);
        String id = message.getHeader(RedisStreamsConstants.ENTRY_ID, String.class);
        String group = message.getHeader(RedisStreamsConstants.GROUP, getEndpoint().getConfiguration().getGroup(), String.class);
        RedisLink link = getEndpoint().link();
        try {
            RedisCommands<String, byte[]> redis = link.sync();
            Map<String, byte[]> original = original(redis, stream, id, exchange);
            DeadLetter letter = new DeadLetter(original, stream, id, group,
                    message.getHeader(RedisStreamsConstants.CONSUMER, String.class), error(exchange), attempts(exchange),
                    getEndpoint().getComponent().getClock().instant());
            DeadLetterWriter.Written written = DeadLetterWriter.write(redis, getEndpoint().getConfiguration().getStream(), letter);
            link.availability().reachable();
            message.setHeader(RedisStreamsConstants.DEAD_LETTER_ID, written.id());
        } catch (RuntimeException e) {
            link.availability().failed(e);
            throw e;
        }
    }

    private static Map<String, byte[]> original(RedisCommands<String, byte[]> redis, String stream, String id,
                                                Exchange exchange) throws Exception {
        if (stream != null && id != null) {
            List<StreamMessage<String, byte[]>> entries = redis.xrange(stream, Range.create(id, id));
            if (!entries.isEmpty() && entries.get(0).getBody() != null) {
                return entries.get(0).getBody();
            }
        }
        Message message = exchange.getMessage();
        Map<String, byte[]> fields = new HashMap<>();
        if (message.getBody() != null) {
            fields.put(RedisStreamsConstants.PAYLOAD_FIELD, EntryEncoding.bytes(exchange, message.getBody()));
        }
        for (String header : HEADER_FIELDS) {
            Object value = message.getHeader(header);
            if (value != null) {
                fields.put(header, EntryEncoding.bytes(exchange, value));
            }
        }
        return fields;
    }

    private static Throwable error(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught != null ? caught : exchange.getException();
    }

    private static long attempts(Exchange exchange) {
        Long deliveries = exchange.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, 1L, Long.class);
        Integer redeliveries = exchange.getProperty(RedisStreamsConstants.REDELIVERIES, Integer.class);
        if (redeliveries == null) {
            redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        }
        return deliveries + redeliveries;
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }
}
