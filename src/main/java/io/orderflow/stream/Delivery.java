package io.orderflow.stream;

import io.lettuce.core.StreamMessage;

/**
 * One entry handed to this process, with the consumer name it is delivered to and how often Redis has delivered it.
 *
 * @param entry         the entry; an empty body means it was deleted from the stream (trimmed) while pending
 * @param consumer      the consumer name that owns it now
 * @param deliveryCount deliveries so far, this one included
 */
record Delivery(StreamMessage<String, byte[]> entry, String consumer, long deliveryCount) {

    String id() {
        return entry.getId();
    }

    boolean deleted() {
        return entry.getBody() == null || entry.getBody().isEmpty();
    }
}
