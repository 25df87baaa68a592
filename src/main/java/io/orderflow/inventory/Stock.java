package io.orderflow.inventory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import jakarta.persistence.EntityManager;

/**
 * Stock levels and reservations, in SQL: rows are locked in SKU order so concurrent reservations of
 * overlapping orders cannot deadlock.
 */
final class Stock {

    private static final String LOCK = """
            SELECT sku, available FROM inventory.stock WHERE sku = ANY(?1) ORDER BY sku FOR UPDATE""";
    private static final String TAKE = """
            UPDATE inventory.stock SET available = available - ?2, updated_at = ?3 WHERE sku = ?1""";
    private static final String GIVE_BACK = """
            UPDATE inventory.stock s SET available = s.available + r.quantity, updated_at = ?2
            FROM inventory.reservations r
            WHERE r.order_id = ?1 AND r.status = 'RESERVED' AND s.sku = r.sku""";
    private static final String RECORD = """
            INSERT INTO inventory.reservations (order_id, sku, quantity, status, reserved_at)
            VALUES (?1, ?2, ?3, 'RESERVED', ?4)""";
    private static final String RELEASE = """
            UPDATE inventory.reservations SET status = 'RELEASED', released_at = ?2
            WHERE order_id = ?1 AND status = 'RESERVED'""";

    private static final String CLOSE = """
            INSERT INTO inventory.closed_orders (order_id, closed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING""";
    private static final String CLOSED = "SELECT count(*) FROM inventory.closed_orders WHERE order_id = ?1";

    private final EntityManager entityManager;

    Stock(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Locks the stock rows of these SKUs until the transaction ends; unknown SKUs are absent from the answer. */
    Map<String, Long> lock(SortedMap<String, Long> wanted) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(LOCK)
                .setParameter(1, wanted.keySet().toArray(String[]::new))
                .getResultList();
        Map<String, Long> available = new HashMap<>();
        for (Object[] row : rows) {
            available.put((String) row[0], ((Number) row[1]).longValue());
        }
        return available;
    }

    void reserve(String orderId, SortedMap<String, Long> wanted, Instant now) {
        wanted.forEach((sku, quantity) -> {
            entityManager.createNativeQuery(TAKE).setParameter(1, sku).setParameter(2, quantity).setParameter(3, now)
                    .executeUpdate();
            entityManager.createNativeQuery(RECORD).setParameter(1, orderId).setParameter(2, sku)
                    .setParameter(3, quantity).setParameter(4, now).executeUpdate();
        });
    }

    /**
     * Puts back what was reserved for the order, once; returns how many reservation lines were released. An order
     * with nothing reserved is remembered as closed, so that its OrderCreated, should it still come, reserves nothing.
     */
    int release(String orderId, Instant now) {
        entityManager.createNativeQuery(GIVE_BACK).setParameter(1, orderId).setParameter(2, now).executeUpdate();
        int released = entityManager.createNativeQuery(RELEASE).setParameter(1, orderId).setParameter(2, now).executeUpdate();
        if (released == 0) {
            entityManager.createNativeQuery(CLOSE).setParameter(1, orderId).setParameter(2, now).executeUpdate();
        }
        return released;
    }

    /** Whether the saga closed the order before it was reserved ({@link #release} found nothing). */
    boolean closed(String orderId) {
        return ((Number) entityManager.createNativeQuery(CLOSED).setParameter(1, orderId).getSingleResult()).longValue() > 0;
    }
}
