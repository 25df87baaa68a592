package io.orderflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The order's saga ended without it: no stock, or no answer in time ({@code reason}).
 */
public record OrderRejected(UUID eventId, String aggregateId, Instant occurredAt, String reason) implements Event {

    public static final String TYPE = "OrderRejected";
}
