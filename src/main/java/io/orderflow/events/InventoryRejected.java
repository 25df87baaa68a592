package io.orderflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The inventory could not reserve the order's items; nothing was reserved ({@code reason} says why).
 */
public record InventoryRejected(UUID eventId, String aggregateId, Instant occurredAt, String reason) implements Event {

    public static final String TYPE = "InventoryRejected";
}
