package io.orderflow.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Backlogs for the drain benchmarks, printed as {@code RESULT|...} lines.
 *
 * <pre>
 *   relay          &lt;jdbcUrl&gt; &lt;redisUrl&gt; &lt;rows&gt;   commit a backlog of outbox rows at once (a relay is running) and
 *                                                time until the last is published; checks each is on the stream once
 *   fill-stream    &lt;redisUrl&gt; &lt;entries&gt;           put OrderCreated entries on order-stream
 *   await-consumed &lt;jdbcUrl&gt; &lt;redisUrl&gt; &lt;entries&gt; [&lt;stream length&gt;]  wait until the stream is that long
 *                                                (default: entries) and the inventory acknowledged every entry; time it took
 *   fill-answers   &lt;jdbcUrl&gt; &lt;redisUrl&gt; &lt;orders&gt; &lt;answers&gt;  write PENDING orders, and InventoryReserved entries on
 *                                                inventory-stream for the first answers of them (the saga's backlog)
 *   await-saga     &lt;jdbcUrl&gt; &lt;answers&gt;            wait until the order saga's inbox has that many; time it took
 * </pre>
 */
public final class DrainBench {

    private static final String PAYLOAD = "{\"event_id\":\"%s\",\"event_type\":\"OrderCreated\",\"aggregate_id\":\"%s\","
            + "\"occurred_at\":\"2026-11-24T03:40:31.490Z\",\"schema_version\":1,\"customer_id\":\"drain\","
            + "\"total_amount\":99.90,\"items\":[{\"sku\":\"SKU-%d\",\"quantity\":1},{\"sku\":\"SKU-%d\",\"quantity\":2}]}";

    private DrainBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "relay" -> relay(args[1], args[2], Integer.parseInt(args[3]));
            case "fill-stream" -> fillStream(args[1], Integer.parseInt(args[2]));
            case "await-consumed" -> awaitConsumed(args[1], args[2], Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : Long.parseLong(args[3]));
            case "fill-answers" -> fillAnswers(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "await-saga" -> awaitSaga(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void relay(String jdbcUrl, String redisUrl, int rows) throws Exception {
        long before = streamLength(redisUrl);
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            sql.execute("""
                    INSERT INTO orders.outbox (event_id, aggregate_type, aggregate_id, event_type, payload, traceparent, occurred_at)
                    SELECT gen_random_uuid(), 'Order', 'drain-' || n, 'OrderCreated',
                           '{"event_id":"' || gen_random_uuid() || '","event_type":"OrderCreated","aggregate_id":"drain-' || n
                           || '","occurred_at":"2026-11-24T03:40:31.490Z","schema_version":1,"customer_id":"drain",'
                           || '"total_amount":99.90,"items":[{"sku":"SKU-1","quantity":1},{"sku":"SKU-38","quantity":2}]}',
                           '00-1690243a9003ca2219dd9fdcbdec3bfc-76035488f8656659-01', now()
                    FROM generate_series(1, %d) AS n""".formatted(rows));
            long committing = System.nanoTime();
            db.commit();
            long committed = System.nanoTime();
            db.setAutoCommit(true);
            // as the order service does after its commits (orders.outbox has no NOTIFY trigger): wake the relay now
            sql.execute("SELECT pg_notify('orderflow_outbox', 'orders')");
            long deadline = committed + TimeUnit.MINUTES.toNanos(10);
            while (count(sql, "SELECT count(*) FROM orders.outbox WHERE published_at IS NULL") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - committed) / 1e9;
            long published = count(sql, "SELECT count(*) FROM orders.outbox WHERE aggregate_id LIKE 'drain-%' AND published_at IS NOT NULL");
            double span = millis(sql, "SELECT extract(epoch FROM max(published_at) - min(published_at)) * 1000 FROM orders.outbox "
                    + "WHERE aggregate_id LIKE 'drain-%'") / 1000;
            long onStream = streamLength(redisUrl) - before;
            System.out.printf("RESULT|relay-drain|rows=%d|published=%d|on_stream=%d|seconds=%.2f|rate=%.0f|first_to_last_s=%.2f"
                            + "|commit_ms=%.0f%n", rows, published, onStream, seconds, rows / seconds, span,
                    (committed - committing) / 1e6);
        }
    }

    private static void fillStream(String redisUrl, int entries) throws Exception {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> redis = connection.async();
            List<RedisFuture<String>> pending = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < entries; i++) {
                String eventId = UUID.randomUUID().toString();
                String orderId = UUID.randomUUID().toString();
                pending.add(redis.xadd("order-stream", "payload",
                        PAYLOAD.formatted(eventId, orderId, 1 + i % 100, 1 + (i + 37) % 100), "event_type", "OrderCreated",
                        "event_id", eventId, "aggregate_id", orderId));
                if (pending.size() == 1000) {
                    connection.flushCommands();
                    for (RedisFuture<String> f : pending) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    pending.clear();
                }
            }
            connection.flushCommands();
            for (RedisFuture<String> f : pending) {
                f.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("RESULT|fill-stream|entries=%d|seconds=%.2f%n", entries, (System.nanoTime() - start) / 1e9);
        } finally {
            client.shutdown();
        }
    }

    private static void awaitConsumed(String jdbcUrl, String redisUrl, int entries, long streamLength) throws Exception {
        long start = System.nanoTime();
        // polled on Redis: a count(*) of the growing inbox every 50 ms would cost PostgreSQL as much as a fifth of a core
        // and slow down what it measures; the inventory acknowledges an entry only after its transaction committed
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while ((redis.xlen("order-stream") < streamLength || !allAcknowledged(redis, "order-stream", "inventory-service"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            client.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement sql = db.createStatement()) {
            long processed = count(sql, "SELECT count(*) FROM inventory.inbox");
            double span = millis(sql, "SELECT extract(epoch FROM max(processed_at) - min(processed_at)) * 1000 FROM inventory.inbox") / 1000;
            long replies = count(sql, "SELECT count(*) FROM inventory.outbox");
            System.out.printf("RESULT|consumer-drain|entries=%d|processed=%d|replies=%d|seconds=%.2f|rate=%.0f|first_to_last_s=%.2f%n",
                    entries, processed, replies, seconds, processed / seconds, span);
        }
    }

    /** The group has been delivered the stream's last entry and has no entry pending: everything is acknowledged. */
    private static boolean allAcknowledged(RedisCommands<String, String> redis, String stream, String group) {
        List<StreamMessage<String, String>> last = redis.xrevrange(stream, Range.create("-", "+"), Limit.from(1));
        if (last.isEmpty()) {
            return true;
        }
        for (Object info : redis.xinfoGroups(stream)) {
            List<?> fields = (List<?>) info;
            Map<String, Object> byName = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                byName.put(String.valueOf(fields.get(i)), fields.get(i + 1));
            }
            if (group.equals(byName.get("name"))) {
                return last.get(0).getId().equals(String.valueOf(byName.get("last-delivered-id")))
                        && ((Number) byName.get("pending")).longValue() == 0;
            }
        }
        return false;
    }

    private static void fillAnswers(String jdbcUrl, String redisUrl, int orders, int answers) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement sql = db.createStatement()) {
            try (ResultSet rs = sql.executeQuery("""
                    INSERT INTO orders.orders (id, customer_id, total_amount, status, created_at, updated_at)
                    SELECT gen_random_uuid(), 'drain', 9.99, 'PENDING', now(), now() FROM generate_series(1, %d)
                    RETURNING CAST(id AS text)""".formatted(orders))) {
                while (rs.next() && ids.size() < answers) {
                    ids.add(rs.getString(1));
                }
            }
        }
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> redis = connection.async();
            List<RedisFuture<String>> pending = new ArrayList<>();
            for (String orderId : ids) {
                String eventId = UUID.randomUUID().toString();
                pending.add(redis.xadd("inventory-stream", "payload", ("{\"event_id\":\"%s\",\"event_type\":\"InventoryReserved\","
                        + "\"aggregate_id\":\"%s\",\"occurred_at\":\"2026-11-24T03:40:31.490Z\",\"schema_version\":1}")
                        .formatted(eventId, orderId), "event_type", "InventoryReserved", "event_id", eventId, "aggregate_id", orderId));
            }
            connection.flushCommands();
            for (RedisFuture<String> f : pending) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            client.shutdown();
        }
        System.out.printf("RESULT|fill-answers|orders=%d|answers=%d%n", orders, ids.size());
    }

    private static void awaitSaga(String jdbcUrl, int answers) throws Exception {
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement sql = db.createStatement()) {
            long processed = awaitCount(sql, "SELECT count(*) FROM orders.inbox", answers, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT|saga-drain|answers=%d|processed=%d|seconds=%.2f|rate=%.0f%n", answers, processed, seconds,
                    processed / seconds);
        }
    }

    /** Polls {@code countQuery} until it reaches {@code target} (or 10 minutes after {@code start}); its last value. */
    private static long awaitCount(Statement sql, String countQuery, long target, long start) throws Exception {
        long deadline = start + TimeUnit.MINUTES.toNanos(10);
        long counted = 0;
        while (System.nanoTime() < deadline) {
            counted = count(sql, countQuery);
            if (counted >= target) {
                break;
            }
            Thread.sleep(50);
        }
        return counted;
    }

    private static long streamLength(String redisUrl) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Long length = connection.sync().xlen("order-stream");
            return length == null ? 0 : length;
        } finally {
            client.shutdown();
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double millis(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
