package io.orderflow.outbox;

import java.util.List;

import io.orderflow.events.Event;
import io.orderflow.events.EventJson;
import jakarta.persistence.EntityManager;

/**
 * Appends many events to an outbox table in one statement (batch consumers write a reply per event). Rows get
 * their ids in list order, so events of one aggregate keep the order they are given in.
 */
public final class OutboxBatch {

    private final EntityManager entityManager;
    private final String insertSql;

    /**
     * @param table         the service's outbox table, e.g. {@code inventory.outbox}
     * @param aggregateType what the events' aggregate ids name
     */
    public OutboxBatch(EntityManager entityManager, String table, String aggregateType) {
        if (!table.matches("[a-z_]+\\.[a-z_]+")) {
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        this.entityManager = entityManager;
        this.insertSql = """
                INSERT INTO %s (event_id, aggregate_type, aggregate_id, event_type, payload, traceparent, occurred_at)
                SELECT e.event_id, '%s', e.aggregate_id, e.event_type, e.payload, e.traceparent, e.occurred_at
                FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]), CAST(?6 AS timestamptz[]))
                     WITH ORDINALITY AS e(event_id, aggregate_id, event_type, payload, traceparent, occurred_at, n)
                ORDER BY e.n""".formatted(table, aggregateType.replace("'", ""));
    }

    /** Appends the events (with the traceparent of each, or null) inside the current transaction. */
    public void append(List<? extends Event> events, List<String> traceparents) {
        if (events.isEmpty()) {
            return;
        }
        if (!entityManager.isJoinedToTransaction()) {
            throw new IllegalStateException("Outbox append of " + events.size() + " events outside a transaction");
        }
        int size = events.size();
        String[] ids = new String[size];
        String[] aggregates = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        String[] traces = new String[size];
        String[] occurred = new String[size];
        for (int i = 0; i < size; i++) {
            Event event = events.get(i);
            ids[i] = event.eventId().toString();
            aggregates[i] = event.aggregateId();
            types[i] = event.eventType();
            payloads[i] = EventJson.write(event);
            traces[i] = traceparents.get(i);
            occurred[i] = event.occurredAt().toString();
        }
        entityManager.createNativeQuery(insertSql)
                .setParameter(1, ids).setParameter(2, aggregates).setParameter(3, types)
                .setParameter(4, payloads).setParameter(5, traces).setParameter(6, occurred)
                .executeUpdate();
    }
}
