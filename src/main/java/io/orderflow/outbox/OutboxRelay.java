package io.orderflow.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;

/**
 * The relay's work on one outbox table, run inside the relay route's transaction: claim the next batch, then
 * mark it published once the stream has it. Claims lock rows with {@code FOR UPDATE SKIP LOCKED}, so relays in
 * other processes take other rows, and take only the earliest unpublished event of each aggregate, so events
 * of one aggregate reach the stream in the order they were written, whatever the number of relays.
 */
public final class OutboxRelay {

    /** Exchange property holding the claimed row ids until they are marked published. */
    public static final String CLAIMED_ROWS = "OrderflowOutboxClaimedRows";

    private final EntityManager entityManager;
    private final String table;
    private final int batchSize;
    private final Clock clock;
    private final String claimSql;
    private final String markSql;
    private final String purgeSql;

    public OutboxRelay(EntityManager entityManager, String table, int batchSize, Clock clock) {
        if (!table.matches("[a-z_]+\\.[a-z_]+")) {
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        this.entityManager = entityManager;
        this.table = table;
        this.batchSize = batchSize;
        this.clock = clock;
        this.claimSql = """
                SELECT o.id, o.event_id, o.event_type, o.aggregate_id, o.payload, o.traceparent
                FROM %1$s o
                WHERE o.published_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM %1$s earlier
                                  WHERE earlier.aggregate_id = o.aggregate_id
                                    AND earlier.published_at IS NULL
                                    AND earlier.id < o.id)
                ORDER BY o.id
                LIMIT ?1
                FOR UPDATE SKIP LOCKED""".formatted(table);
        this.markSql = "UPDATE " + table + " SET published_at = ?2 WHERE id = ANY(?1)";
        this.purgeSql = """
                DELETE FROM %1$s WHERE id IN (
                    SELECT id FROM %1$s WHERE published_at < ?1 ORDER BY published_at LIMIT ?2)""".formatted(table);
    }

    public String table() {
        return table;
    }

    /**
     * Claims the next batch until the transaction ends. The body becomes the stream entries, oldest first: the
     * event JSON as {@code payload} plus CONTRACT.md's plain fields.
     */
    public List<Map<String, String>> claim(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(claimSql).setParameter(1, batchSize).getResultList();
        List<Long> ids = new ArrayList<>(rows.size());
        List<Map<String, String>> entries = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ids.add(((Number) row[0]).longValue());
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("payload", (String) row[4]);
            fields.put("event_type", (String) row[2]);
            fields.put("event_id", row[1].toString());
            fields.put("aggregate_id", (String) row[3]);
            if (row[5] != null) {
                fields.put("traceparent", (String) row[5]);
            }
            entries.add(fields);
        }
        exchange.setProperty(CLAIMED_ROWS, ids);
        return entries;
    }

    /** Marks the claimed rows published, in the claim's transaction; returns how many. */
    public int markPublished(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Long> ids = exchange.getProperty(CLAIMED_ROWS, List.class);
        if (ids == null || ids.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery(markSql)
                .setParameter(1, ids.toArray(Long[]::new))
                .setParameter(2, clock.instant())
                .executeUpdate();
    }

    /** Deletes up to {@code limit} rows published longer than {@code retention} ago; run in a transaction. */
    public int purgePublished(Duration retention, int limit) {
        Instant cutoff = clock.instant().minus(retention);
        return entityManager.createNativeQuery(purgeSql).setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }
}
