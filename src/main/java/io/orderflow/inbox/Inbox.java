package io.orderflow.inbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

/**
 * The idempotent consumer's log of processed events, insert-first: recording an event in the same transaction
 * as its effect, a second delivery finds it recorded and does nothing. Each service has its own inbox table.
 */
public final class Inbox {

    /** Told how many deliveries of a group were turned away as already processed. */
    @FunctionalInterface
    public interface DuplicateListener {
        void duplicatesSkipped(String group, int deliveries);
    }

    private final EntityManager entityManager;
    private final DuplicateListener duplicates;
    private final String recordSql;
    private final String recordAllSql;

    /**
     * @param table the service's inbox table, e.g. {@code inventory.inbox}
     */
    public Inbox(EntityManager entityManager, String table, DuplicateListener duplicates) {
        if (!table.matches("[a-z_]+\\.[a-z_]+")) {
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        this.entityManager = entityManager;
        this.duplicates = duplicates;
        this.recordSql = "INSERT INTO " + table + " (consumer_group, event_id, event_type, processed_at) "
                + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (consumer_group, event_id) DO NOTHING";
        this.recordAllSql = "INSERT INTO " + table + " (consumer_group, event_id, event_type, processed_at) "
                + "SELECT ?1, e.id, e.type, ?4 FROM unnest(CAST(?2 AS text[]), CAST(?3 AS text[])) AS e(id, type) "
                + "ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id";
    }

    /**
     * Records many events as processed by {@code group} in one statement.
     *
     * @return the ids recorded now, i.e. delivered for the first time (each once, even if listed twice)
     */
    public Set<String> firstDeliveries(String group, List<String> eventIds, List<String> eventTypes, Instant now) {
        if (!entityManager.isJoinedToTransaction()) {
            throw new IllegalStateException("Inbox record of " + eventIds.size() + " events outside a transaction");
        }
        @SuppressWarnings("unchecked")
        List<Object> recorded = entityManager.createNativeQuery(recordAllSql)
                .setParameter(1, group).setParameter(2, eventIds.toArray(String[]::new))
                .setParameter(3, eventTypes.toArray(String[]::new)).setParameter(4, now)
                .getResultList();
        Set<String> fresh = new HashSet<>();
        recorded.forEach(id -> fresh.add(id.toString()));
        int skipped = eventIds.size() - fresh.size();
        if (skipped > 0) {
            duplicates.duplicatesSkipped(group, skipped);
        }
        return fresh;
    }

    /**
     * Records the event as processed by {@code group}.
     *
     * @return true the first time, false when it was processed before (then do nothing)
     */
    public boolean firstDelivery(String group, String eventId, String eventType, Instant now) {
        if (!entityManager.isJoinedToTransaction()) {
            // recorded outside the effect's transaction, a crash in between would lose the effect for good
            throw new IllegalStateException("Inbox record of " + eventType + " " + eventId + " outside a transaction");
        }
        boolean first = entityManager.createNativeQuery(recordSql)
                .setParameter(1, group).setParameter(2, eventId).setParameter(3, eventType).setParameter(4, now)
                .executeUpdate() == 1;
        if (!first) {
            duplicates.duplicatesSkipped(group, 1);
        }
        return first;
    }
}
