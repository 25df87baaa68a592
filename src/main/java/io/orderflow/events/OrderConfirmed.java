package io.orderflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The order's saga ended well: stock is reserved for it.
 */
public record OrderConfirmed(UUID eventId, String aggregateId, Instant occurredAt) implements Event {

    public static final String TYPE = "OrderConfirmed";
}
