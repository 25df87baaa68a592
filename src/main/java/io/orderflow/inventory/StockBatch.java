package io.orderflow.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.persistence.EntityManager;

/**
 * Stock and reservations for a whole batch of events, a statement per kind of change: lock the SKUs involved
 * (in SKU order), read the live reservations of orders to release, then write the net stock changes, the new
 * reservations and the releases.
 */
final class StockBatch {

    private static final String LOCK = """
            SELECT sku, available FROM inventory.stock WHERE sku = ANY(?1) ORDER BY sku FOR UPDATE""";
    private static final String RESERVED = """
            SELECT order_id, sku, quantity FROM inventory.reservations
            WHERE order_id = ANY(?1) AND status = 'RESERVED' ORDER BY order_id, sku FOR UPDATE""";
    private static final String CHANGE = """
            UPDATE inventory.stock s SET available = s.available + c.delta, updated_at = ?3
            FROM unnest(CAST(?1 AS text[]), CAST(?2 AS bigint[])) AS c(sku, delta) WHERE s.sku = c.sku""";
    private static final String RECORD = """
            INSERT INTO inventory.reservations (order_id, sku, quantity, status, reserved_at, released_at)
            SELECT r.order_id, r.sku, r.quantity, r.status, CAST(?5 AS timestamptz),
                   CASE WHEN r.status = 'RELEASED' THEN CAST(?5 AS timestamptz) END
            FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS bigint[]), CAST(?4 AS text[])) AS r(order_id, sku, quantity, status)""";
    private static final String RELEASE = """
            UPDATE inventory.reservations SET status = 'RELEASED', released_at = ?2
            WHERE order_id = ANY(?1) AND status = 'RESERVED'""";

    private static final String CLOSE = """
            INSERT INTO inventory.closed_orders (order_id, closed_at)
            SELECT o, CAST(?2 AS timestamptz) FROM unnest(CAST(?1 AS text[])) AS o ON CONFLICT DO NOTHING""";
    private static final String CLOSED = "SELECT order_id FROM inventory.closed_orders WHERE order_id = ANY(?1)";

    /** One reserved line of an order. */
    record Line(String orderId, String sku, long quantity) {
    }

    private final EntityManager entityManager;

    StockBatch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Locks these SKUs' rows until the transaction ends; unknown SKUs are absent from the answer. */
    SortedMap<String, Long> lock(Collection<String> skus) {
        SortedMap<String, Long> available = new TreeMap<>();
        if (skus.isEmpty()) {
            return available;
        }
        for (Object[] row : rows(entityManager.createNativeQuery(LOCK).setParameter(1, sorted(skus)).getResultList())) {
            available.put((String) row[0], ((Number) row[1]).longValue());
        }
        return available;
    }

    /** The live reservations of these orders, locked, by order. */
    Map<String, List<Line>> reserved(Collection<String> orderIds) {
        Map<String, List<Line>> byOrder = new HashMap<>();
        if (orderIds.isEmpty()) {
            return byOrder;
        }
        for (Object[] row : rows(entityManager.createNativeQuery(RESERVED).setParameter(1, sorted(orderIds)).getResultList())) {
            Line line = new Line((String) row[0], (String) row[1], ((Number) row[2]).longValue());
            byOrder.computeIfAbsent(line.orderId(), id -> new ArrayList<>()).add(line);
        }
        return byOrder;
    }

    /** Those of these orders that the saga closed before they were reserved. */
    Set<String> closed(Collection<String> orderIds) {
        Set<String> closed = new HashSet<>();
        if (!orderIds.isEmpty()) {
            entityManager.createNativeQuery(CLOSED).setParameter(1, sorted(orderIds)).getResultList()
                    .forEach(id -> closed.add(id.toString()));
        }
        return closed;
    }

    /** Remembers orders rejected with nothing reserved, so that a late OrderCreated of theirs reserves nothing. */
    void close(Collection<String> orderIds, Instant now) {
        if (!orderIds.isEmpty()) {
            entityManager.createNativeQuery(CLOSE).setParameter(1, sorted(orderIds)).setParameter(2, now).executeUpdate();
        }
    }

    void change(SortedMap<String, Long> deltas, Instant now) {
        deltas.values().removeIf(delta -> delta == 0);
        if (deltas.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery(CHANGE)
                .setParameter(1, deltas.keySet().toArray(String[]::new))
                .setParameter(2, deltas.values().toArray(Long[]::new))
                .setParameter(3, now)
                .executeUpdate();
    }

    /** Records new reservation lines; those also released in this batch are recorded as released. */
    void record(List<Line> lines, Collection<String> releasedOrders, Instant now) {
        if (lines.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery(RECORD)
                .setParameter(1, lines.stream().map(Line::orderId).toArray(String[]::new))
                .setParameter(2, lines.stream().map(Line::sku).toArray(String[]::new))
                .setParameter(3, lines.stream().map(Line::quantity).toArray(Long[]::new))
                .setParameter(4, lines.stream().map(l -> releasedOrders.contains(l.orderId()) ? "RELEASED" : "RESERVED")
                        .toArray(String[]::new))
                .setParameter(5, now)
                .executeUpdate();
    }

    void release(Collection<String> orderIds, Instant now) {
        if (!orderIds.isEmpty()) {
            entityManager.createNativeQuery(RELEASE).setParameter(1, sorted(orderIds)).setParameter(2, now).executeUpdate();
        }
    }

    private static String[] sorted(Collection<String> values) {
        return values.stream().sorted().distinct().toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }
}
