package io.orderflow.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The event flow's promises, checked after a load once the system is quiet: every order final, one OrderCreated
 * per order, each event once on its stream and in causal order per order, each event processed once, stock
 * changed exactly by what is reserved. Prints {@code RESULT|invariants|...}; exits 1 when one is broken.
 *
 * <pre>  Invariants &lt;jdbcUrl&gt; &lt;redisUrl&gt; &lt;initialStockPerSku&gt;</pre>
 */
public final class Invariants {

    private Invariants() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        long initialStock = Long.parseLong(args[2]);
        StringBuilder broken = new StringBuilder();
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement sql = db.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (count(sql, "SELECT count(*) FROM orders.orders WHERE status = 'PENDING'") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long orders = count(sql, "SELECT count(*) FROM orders.orders");
            long pending = count(sql, "SELECT count(*) FROM orders.orders WHERE status = 'PENDING'");
            long created = count(sql, "SELECT count(*) FROM orders.outbox WHERE event_type = 'OrderCreated'");
            long unpublished = count(sql, "SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")
                    + count(sql, "SELECT count(*) FROM inventory.outbox WHERE published_at IS NULL");
            long reservedUnits = count(sql, "SELECT coalesce(sum(quantity), 0) FROM inventory.reservations WHERE status = 'RESERVED'");
            long taken = count(sql, "SELECT coalesce(sum(%d - available), 0) FROM inventory.stock".formatted(initialStock));
            long inboxDuplicates = count(sql, "SELECT count(*) - count(DISTINCT event_id) FROM inventory.inbox");
            check(broken, pending == 0, pending + " orders still PENDING");
            check(broken, created == orders, created + " OrderCreated events for " + orders + " orders");
            check(broken, unpublished == 0, unpublished + " outbox rows unpublished");
            check(broken, reservedUnits == taken, "stock taken " + taken + " != reserved " + reservedUnits);
            check(broken, inboxDuplicates == 0, inboxDuplicates + " duplicate inbox rows");
            Streams streams = streams(args[1]);
            check(broken, streams.duplicates == 0, streams.duplicates + " events twice on order-stream");
            check(broken, streams.outOfOrder == 0, streams.outOfOrder + " orders whose close came before OrderCreated");
            System.out.printf("RESULT|invariants|ok=%s|orders=%d|order_created=%d|stream_events=%d|stream_duplicates=%d"
                            + "|out_of_order=%d|reserved_units=%d|stock_taken=%d|problems=%s%n", broken.length() == 0, orders,
                    created, streams.events, streams.duplicates, streams.outOfOrder, reservedUnits, taken,
                    broken.length() == 0 ? "none" : broken.toString());
        }
        System.exit(broken.length() == 0 ? 0 : 1);
    }

    private record Streams(long events, long duplicates, long outOfOrder) {
    }

    private static Streams streams(String redisUrl) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Set<String> seen = new HashSet<>();
            Map<String, Boolean> createdSeen = new HashMap<>();
            long events = 0;
            long duplicates = 0;
            long outOfOrder = 0;
            String cursor = "-";
            while (true) {
                List<StreamMessage<String, String>> page = connection.sync().xrange("order-stream",
                        Range.create(cursor, "+"), Limit.from(10_000));
                for (StreamMessage<String, String> entry : page) {
                    events++;
                    String type = entry.getBody().get("event_type");
                    String order = entry.getBody().get("aggregate_id");
                    if (!seen.add(entry.getBody().get("event_id"))) {
                        duplicates++;
                    }
                    if ("OrderCreated".equals(type)) {
                        createdSeen.put(order, true);
                    } else if (!createdSeen.containsKey(order)) {
                        outOfOrder++;
                    }
                }
                if (page.size() < 10_000) {
                    return new Streams(events, duplicates, outOfOrder);
                }
                cursor = "(" + page.get(page.size() - 1).getId();
            }
        } finally {
            client.shutdown();
        }
    }

    private static void check(StringBuilder broken, boolean holds, String problem) {
        if (!holds) {
            broken.append(broken.length() == 0 ? "" : "; ").append(problem);
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
