package io.orderflow.orders;

import java.util.UUID;

/**
 * The answer to a placement: the order, and whether it was created earlier by a request with the same
 * Idempotency-Key (then nothing new was written).
 */
public record PlacedOrder(OrderView order, boolean replayed) {

    public UUID id() {
        return order.id();
    }
}
