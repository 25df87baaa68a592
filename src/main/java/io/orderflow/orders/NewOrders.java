package io.orderflow.orders;

import java.time.Instant;
import java.util.UUID;

import io.orderflow.events.EventJson;
import io.orderflow.events.OrderCreated;
import jakarta.persistence.EntityManager;

/**
 * Writes a new order, its items and its {@code OrderCreated} outbox row with one statement (data-modifying CTEs):
 * one round trip instead of three (order, items, and the outbox row, whose identity key Hibernate would fetch
 * at once), and none of the session's flush work on the hottest path. Reads still map the rows as {@link Order}.
 */
final class NewOrders {

    private static final String INSERT = """
            WITH placed AS (
                INSERT INTO orders.orders (id, customer_id, total_amount, status, created_at, updated_at)
                VALUES (?1, ?2, ?3, 'PENDING', ?4, ?4)
                RETURNING id),
            lines AS (
                INSERT INTO orders.order_items (order_id, line_no, sku, quantity)
                SELECT placed.id, line.n - 1, line.sku, line.quantity
                FROM placed, unnest(CAST(?5 AS text[]), CAST(?6 AS integer[])) WITH ORDINALITY AS line(sku, quantity, n))
            INSERT INTO orders.outbox (event_id, aggregate_type, aggregate_id, event_type, payload, traceparent, occurred_at)
            SELECT ?7, ?8, CAST(placed.id AS text), ?9, ?10, NULLIF(CAST(?11 AS text), ''), ?4 FROM placed""";

    private final EntityManager entityManager;

    NewOrders(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Inserts inside the current transaction. */
    void insert(UUID orderId, PlaceOrder command, Instant now, OrderCreated created, String traceparent) {
        if (!entityManager.isJoinedToTransaction()) {
            throw new IllegalStateException("Order " + orderId + " placed outside a transaction");
        }
        entityManager.createNativeQuery(INSERT)
                .setParameter(1, orderId)
                .setParameter(2, command.customerId())
                .setParameter(3, command.totalAmount())
                .setParameter(4, now)
                .setParameter(5, command.items().stream().map(OrderLine::sku).toArray(String[]::new))
                .setParameter(6, command.items().stream().map(OrderLine::quantity).toArray(Integer[]::new))
                .setParameter(7, created.eventId())
                .setParameter(8, OrderOutboxMessage.AGGREGATE_TYPE)
                .setParameter(9, created.eventType())
                .setParameter(10, EventJson.write(created))
                .setParameter(11, traceparent == null ? "" : traceparent)
                .executeUpdate();
    }
}
