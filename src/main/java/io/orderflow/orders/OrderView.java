package io.orderflow.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as the HTTP API shows it (CONTRACT.md).
 */
public record OrderView(UUID id, String customerId, BigDecimal totalAmount, List<OrderLine> items,
                        OrderStatus status, Instant createdAt, Instant updatedAt) {

    static OrderView of(Order order) {
        return new OrderView(order.id(), order.customerId(), order.totalAmount(), order.items(), order.status(),
                order.createdAt(), order.updatedAt());
    }
}
