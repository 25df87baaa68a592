package io.orderflow.inventory;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.orderflow.events.OrderCreated;

/**
 * Whether an order can be reserved: all of it or nothing. Quantities of one SKU on several lines add up.
 */
final class ReservationRules {

    /** The reason given to an OrderCreated that arrives after its order was rejected (e.g. by the saga's timeout). */
    static final String CLOSED_BEFORE_RESERVATION = "order already closed";

    private ReservationRules() {
    }

    /** Units wanted per SKU, in SKU order. */
    static SortedMap<String, Long> wanted(OrderCreated order) {
        SortedMap<String, Long> wanted = new TreeMap<>();
        for (OrderCreated.Item item : order.items()) {
            wanted.merge(String.valueOf(item.sku()), (long) item.quantity(), Long::sum);
        }
        return wanted;
    }

    /** Why the order cannot be reserved from {@code available}, naming the first SKU at fault; empty when it can. */
    static Optional<String> refusal(OrderCreated order, SortedMap<String, Long> wanted, Map<String, Long> available) {
        for (OrderCreated.Item item : order.items()) {
            if (item.sku() == null || item.sku().isBlank() || item.quantity() <= 0) {
                return Optional.of("invalid item: sku " + item.sku() + ", quantity " + item.quantity());
            }
        }
        for (Map.Entry<String, Long> line : wanted.entrySet()) {
            Long inStock = available.get(line.getKey());
            if (inStock == null) {
                return Optional.of("unknown SKU " + line.getKey());
            }
            if (inStock < line.getValue()) {
                return Optional.of("insufficient stock for " + line.getKey() + ": requested " + line.getValue()
                        + ", available " + inStock);
            }
        }
        return Optional.empty();
    }
}
