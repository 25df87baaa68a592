package io.orderflow.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;

/**
 * The relay's work on one outbox table, run inside the relay route's transaction: claim the next batch, then
 * mark it published once the stream has it. Claims lock rows with {@code FOR UPDATE SKIP LOCKED}, so relays in
 * other processes take other rows, and take only the earliest unpublished event of each aggregate, so events
 * of one aggregate reach the stream in the order they were written, whatever the number of relays.
 * <p>
 * A claim is two statements whose every plan is bounded by the backlog, never by its square: PostgreSQL's estimate
 * of the unpublished rows is nearly always wrong here (statistics taken when everything was published say "1 row"
 * while a burst waits), and a single statement with an anti-join then rescanned the whole backlog per row (seconds
 * per batch at 100,000 rows). First the window: the earliest unpublished rows by id (the partial index on
 * unpublished ids), unlocked, so it also sees rows another relay holds. An aggregate's earlier unpublished events
 * have smaller ids, so they are in the window too: the earliest row of each aggregate in the window is the earliest
 * of that aggregate. Then those rows, by primary key only, locked with {@code SKIP LOCKED}; a row that comes back
 * published (locking returns its latest version) was taken by a relay that committed meanwhile and is left out.
 * Only the window may use the partial index on unpublished rows: with a stale estimate that index looks empty, and
 * the planner would rather scan all of it with a filter than look ids up (so the claim names no such predicate).
 */
public final class OutboxRelay {

    /** Exchange property holding the claimed row ids until they are marked published. */
    public static final String CLAIMED_ROWS = "OrderflowOutboxClaimedRows";

    /**
     * The window a claim chooses from, in batches: relays running side by side each find a batch in it that the
     * others have not locked.
     */
    static final int WINDOW_BATCHES = 4;

    private final EntityManager entityManager;
    private final String table;
    private final int batchSize;
    private final Clock clock;
    private final String windowSql;
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
        this.windowSql = "SELECT id, aggregate_id FROM %s WHERE published_at IS NULL ORDER BY id LIMIT %d"
                .formatted(table, (long) batchSize * WINDOW_BATCHES);
        this.claimSql = """
                SELECT id, event_id, event_type, aggregate_id, payload, traceparent, published_at
                FROM %s
                WHERE id = ANY(CAST(?1 AS bigint[]))
                ORDER BY id
                LIMIT %d
                FOR UPDATE SKIP LOCKED""".formatted(table, batchSize);
        this.markSql = "UPDATE " + table + " SET published_at = ?2 WHERE id = ANY(?1)";
        this.purgeSql = """
                DELETE FROM %1$s WHERE id IN (
                    SELECT id FROM %1$s WHERE published_at < ?1 ORDER BY published_at LIMIT ?2)""".formatted(table);
    }

    public String table() {
        return table;
    }

    /** The claim's first statement: the window of the earliest unpublished rows. */
    String windowSql() {
        return windowSql;
    }

    /** The claim's second statement: lock those of the window's rows that are the earliest of their aggregate. */
    String claimSql() {
        return claimSql;
    }

    /**
     * Claims the next batch until the transaction ends. The body becomes the stream entries, oldest first: the
     * event JSON as {@code payload} plus CONTRACT.md's plain fields.
     */
    public List<Map<String, String>> claim(Exchange exchange) {
        Long[] earliest = earliestPerAggregate();
        List<Object[]> rows = earliest.length == 0 ? List.of()
                : rows(entityManager.createNativeQuery(claimSql).setParameter(1, earliest).getResultList());
        List<Long> ids = new ArrayList<>(rows.size());
        List<Map<String, String>> entries = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row[6] != null) {
                continue;
            }
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

    /** The window's earliest row of each aggregate, in id order. */
    private Long[] earliestPerAggregate() {
        Set<String> aggregates = new HashSet<>();
        List<Long> earliest = new ArrayList<>();
        for (Object[] row : rows(entityManager.createNativeQuery(windowSql).getResultList())) {
            if (aggregates.add((String) row[1])) {
                earliest.add(((Number) row[0]).longValue());
            }
        }
        return earliest.toArray(Long[]::new);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
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
