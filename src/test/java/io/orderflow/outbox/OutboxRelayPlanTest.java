package io.orderflow.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's claim stays a walk along indexes whatever PostgreSQL believes about the outbox: here its statistics
 * were taken when every row was published (so it expects no unpublished row at all) and 20,000 rows then wait. The
 * old single-statement claim rescanned the whole backlog for every row in this situation.
 */
@TestProperties({"orderflow.services=relay"})
class OutboxRelayPlanTest extends OrderflowTestSupport {

    private static final int BACKLOG = 20_000;

    private final OutboxRelay relay = new OutboxRelay(null, "orders.outbox", 500, Clock.systemUTC());

    @Test
    void claimsByIndexEvenWhenStatisticsSayNothingIsUnpublished() throws SQLException {
        try (Connection db = RealServers.database().connect(); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            try {
                sql.execute(insert(BACKLOG, "now()"));
                sql.execute("ANALYZE orders.outbox");
                sql.execute(insert(BACKLOG, "NULL"));

                String window = plan(sql, relay.windowSql());
                assertThat(window).contains("outbox_unpublished_by_id").doesNotContain("Seq Scan");

                String ids = "'{" + String.join(",", firstUnpublishedIds(sql)) + "}'";
                String claim = plan(sql, relay.claimSql().replace("?1", ids));
                assertThat(claim).contains("Index Scan using outbox_pkey").doesNotContain("Seq Scan")
                        .doesNotContain("outbox_unpublished");
            } finally {
                db.rollback();
            }
        }
    }

    private static String insert(int rows, String publishedAt) {
        return """
                INSERT INTO orders.outbox (event_id, aggregate_type, aggregate_id, event_type, payload, occurred_at, published_at)
                SELECT gen_random_uuid(), 'Order', 'plan-' || n, 'OrderCreated', '{}', now(), %s
                FROM generate_series(1, %d) AS n""".formatted(publishedAt, rows);
    }

    private static List<String> firstUnpublishedIds(Statement sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(
                "SELECT id FROM orders.outbox WHERE published_at IS NULL ORDER BY id LIMIT 2000")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static String plan(Statement sql, String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = sql.executeQuery("EXPLAIN " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
