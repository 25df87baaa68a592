package io.orderflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The inventory reserved stock for every item of the order ({@code aggregateId}).
 */
public record InventoryReserved(UUID eventId, String aggregateId, Instant occurredAt) implements Event {

    public static final String TYPE = "InventoryReserved";
}
