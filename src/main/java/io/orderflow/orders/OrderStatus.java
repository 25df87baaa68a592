package io.orderflow.orders;

/** Where an order is in its saga: PENDING until the inventory answers, then final. */
public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
