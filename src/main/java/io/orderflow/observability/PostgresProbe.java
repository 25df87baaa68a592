package io.orderflow.observability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Asks PostgreSQL, through the application's pool, one query per refresh: the backlog of each outbox the relay
 * publishes and of the saga (orders still PENDING), or just {@code SELECT 1} when this process runs neither. The
 * answer, or its failure, is this process's view of whether PostgreSQL is reachable.
 */
final class PostgresProbe extends Probe {

    /** Saga backlog: orders waiting for the inventory's answer, read with the partial index on pending orders. */
    static final String SAGA = "saga";

    private final DataSource dataSource;
    private final String target;
    private final Duration timeout;
    private volatile Question question = new Question("SELECT -1, 0, NULL::timestamptz", List.of());
    private volatile Map<String, OutboxState> backlogs = Map.of();

    /** {@code target}: where the database is, for messages (no credentials). */
    PostgresProbe(DataSource dataSource, String target, Duration timeout, Clock clock) {
        super("PostgreSQL", clock);
        this.dataSource = dataSource;
        this.target = target;
        this.timeout = timeout;
    }

    /**
     * What to ask about besides reachability.
     *
     * @param outboxes the outbox tables to watch by outbox name, e.g. {@code order -> orders.outbox}
     * @param saga     whether to watch the orders still PENDING
     */
    void watch(Map<String, String> outboxes, boolean saga) {
        List<String> parts = new ArrayList<>();
        List<String> order = new ArrayList<>();
        outboxes.forEach((outbox, table) -> {
            if (!table.matches("[a-z_]+\\.[a-z_]+")) {
                throw new IllegalArgumentException("Not a table name: " + table);
            }
            order.add(outbox);
            // the oldest by id (partial index on unpublished ids), not min(occurred_at) over the whole backlog
            parts.add("""
                    SELECT %2$d, count(*), (SELECT occurred_at FROM %1$s WHERE published_at IS NULL ORDER BY id LIMIT 1)
                    FROM %1$s WHERE published_at IS NULL""".formatted(table, parts.size()));
        });
        if (saga) {
            order.add(SAGA);
            parts.add("SELECT %d, count(*), min(created_at) FROM orders.orders WHERE status = 'PENDING'"
                    .formatted(parts.size()));
        }
        if (!parts.isEmpty()) {
            question = new Question(String.join("\nUNION ALL\n", parts), List.copyOf(order));
        }
    }

    /** The last answer per outbox name (and {@link #SAGA}); empty after a failed refresh. */
    Map<String, OutboxState> backlogs() {
        return backlogs;
    }

    void refresh() {
        Question asked = question;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(asked.sql())) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            Instant now = clock().instant();
            Map<String, OutboxState> states = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int part = rows.getInt(1);
                    if (part >= 0) {
                        Timestamp oldest = rows.getTimestamp(3);
                        double age = oldest == null ? 0
                                : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                        states.put(asked.parts().get(part), new OutboxState(rows.getLong(2), age));
                    }
                }
            }
            backlogs = states;
            succeeded(target);
        } catch (SQLException | RuntimeException e) {
            backlogs = Map.of();
            failed(target, e);
        }
    }

    /** The query, and what each of its parts (first column) is about. */
    private record Question(String sql, List<String> parts) {
    }
}
