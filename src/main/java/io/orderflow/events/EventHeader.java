package io.orderflow.events;

/**
 * The envelope fields a consumer needs before it knows the event's type.
 */
public record EventHeader(String eventId, String eventType, String aggregateId) {
}
