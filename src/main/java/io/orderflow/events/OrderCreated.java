package io.orderflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order was accepted and waits for the saga; {@code items} may be empty (nothing to reserve).
 */
public record OrderCreated(UUID eventId, String aggregateId, Instant occurredAt,
                           String customerId, BigDecimal totalAmount, List<Item> items) implements Event {

    public static final String TYPE = "OrderCreated";

    public OrderCreated {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One line of the order: how many units of which SKU. */
    public record Item(String sku, int quantity) {
    }
}
