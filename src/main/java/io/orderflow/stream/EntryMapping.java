package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Message;

/**
 * Turns a delivered entry into a Camel message: the {@code payload} field is the body (UTF-8 String, or bytes), every
 * other field a header of its name, plus the {@code CamelRedisStreams*} headers.
 */
final class EntryMapping {

    private final String stream;
    private final String group;
    private final boolean binaryPayload;
    private final String deadLetterStream;

    EntryMapping(RedisStreamsConfiguration configuration) {
        this.stream = configuration.getStream();
        this.group = configuration.getGroup();
        this.binaryPayload = configuration.isBinaryPayload();
        this.deadLetterStream = configuration.resolveDeadLetterStream();
    }

    void populate(Message message, Delivery delivery) {
        Map<String, byte[]> fields = delivery.entry().getBody();
        fields.forEach((name, value) -> {
            if (!RedisStreamsConstants.PAYLOAD_FIELD.equals(name) && value != null) {
                message.setHeader(name, new String(value, StandardCharsets.UTF_8));
            }
        });
        byte[] payload = fields.get(RedisStreamsConstants.PAYLOAD_FIELD);
        message.setBody(binaryPayload || payload == null ? payload : new String(payload, StandardCharsets.UTF_8));
        // after the fields, so an entry cannot pose as another one
        message.setHeader(RedisStreamsConstants.ENTRY_ID, delivery.id());
        message.setHeader(RedisStreamsConstants.STREAM, stream);
        message.setHeader(RedisStreamsConstants.GROUP, group);
        message.setHeader(RedisStreamsConstants.CONSUMER, delivery.consumer());
        message.setHeader(RedisStreamsConstants.DELIVERY_COUNT, delivery.deliveryCount());
        message.setHeader(RedisStreamsConstants.DEAD_LETTER_STREAM, deadLetterStream);
    }
}
