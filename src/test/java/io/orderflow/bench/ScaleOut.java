package io.orderflow.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessages;
import io.orderflow.support.JarProcess;
import io.orderflow.support.TestDatabase;

/**
 * Scaling out on one machine (not a test; run by {@code bench/scale-out.sh}): one process runs {@code orders}, two run
 * {@code relay} and two run {@code inventory}, all from {@code target/orderflow.jar}, against one PostgreSQL and one
 * Redis. It puts orders through the HTTP API and shows that the two inventory consumers and the two relays share the
 * work, that every order becomes final exactly once, and that each order's events keep their order on the streams.
 * Exits non-zero if a check fails.
 */
public final class ScaleOut {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries of a stream a process's consumers completed; label stream. */
    private static final Pattern PROCESSED = Pattern.compile(
            "^orderflow_stream_entries_processed_total\\{.*stream=\"([^\"]+)\".*} ([0-9.E]+)$");
    /** Events a process's relay appended to a stream; label stream. */
    private static final Pattern PUBLISHED = Pattern.compile(
            "^orderflow_outbox_published_total\\{.*stream=\"([^\"]+)\".*} ([0-9.E]+)$");

    private ScaleOut() {
    }

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("orders", 2000);
        int clients = Integer.getInteger("clients", 16);
        String dbServer = System.getProperty("db.server", "jdbc:postgresql://127.0.0.1:5432/");
        String dbUser = System.getProperty("db.user", "postgres");
        String dbPassword = System.getProperty("db.password", "");
        String database = System.getProperty("db.name", "orderflow_scale_out");
        String redisUrl = System.getProperty("redis.url", "redis://127.0.0.1:6379/9");
        Path workDir = Path.of(System.getProperty("work.dir", "target/scale-out"));
        Files.createDirectories(workDir);

        try (Connection admin = DriverManager.getConnection(dbServer + "postgres", dbUser, dbPassword);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
        TestDatabase db = new TestDatabase(dbServer + database, dbUser, dbPassword.isEmpty() ? null : dbPassword);
        RedisClient redisClient = RedisClient.create(redisUrl);
        StatefulRedisConnection<String, String> connection = redisClient.connect();
        RedisCommands<String, String> redis = connection.sync();
        redis.flushdb();

        Map<String, String> env = new HashMap<>();
        env.put("ORDERFLOW_DB_URL", db.url());
        env.put("ORDERFLOW_DB_USER", dbUser);
        if (!dbPassword.isEmpty()) {
            env.put("ORDERFLOW_DB_PASSWORD", dbPassword);
        }
        env.put("ORDERFLOW_REDIS_URL", redisUrl);
        List<String> jvm = List.of("-XX:TieredStopAtLevel=4");
        List<JarProcess> processes = new ArrayList<>();
        boolean ok;
        try {
            JarProcess api = start(processes, "orders-1", workDir, env, "orders", jvm);
            List<JarProcess> relays = List.of(start(processes, "relay-1", workDir, env, "relay", jvm),
                    start(processes, "relay-2", workDir, env, "relay", jvm));
            List<JarProcess> inventories = List.of(start(processes, "inventory-1", workDir, env, "inventory", jvm),
                    start(processes, "inventory-2", workDir, env, "inventory", jvm));
            processes.forEach(JarProcess::awaitReady);
            System.out.printf("%d processes ready: %s%n", processes.size(), processes);

            Map<String, Long> maxPending = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            List<String> ids = placeOrders(api, orders, clients);
            long placed = System.nanoTime();
            while (db.count("SELECT count(*) FROM orders.orders WHERE status = 'PENDING'") > 0) {
                samplePending(redis, maxPending);
                if (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) > 600) {
                    throw new IllegalStateException("orders still pending after 10 minutes");
                }
                Thread.sleep(100);
            }
            long finished = System.nanoTime();

            System.out.printf("%n%d orders: placed in %.1f s (%d HTTP clients), all final after %.1f s -> %.0f orders/s end to end%n",
                    ids.size(), seconds(placed - started), clients, seconds(finished - started),
                    ids.size() / seconds(finished - started));
            System.out.println(db.query("SELECT status, count(*) AS orders FROM orders.orders GROUP BY status ORDER BY status"));

            System.out.printf("%nXINFO CONSUMERS order-stream inventory-service%n");
            redis.xinfoConsumers("order-stream", "inventory-service").forEach(c -> System.out.println("  " + c));
            System.out.printf("XINFO CONSUMERS inventory-stream order-service%n");
            redis.xinfoConsumers("inventory-stream", "order-service").forEach(c -> System.out.println("  " + c));
            System.out.printf("%nmost entries pending at once per consumer (XPENDING samples): %s%n", new TreeMap<>(maxPending));
            System.out.println("order-stream entries handled per inventory consumer (orderflow_stream_entries_processed_total):");
            Map<String, Long> handled = new LinkedHashMap<>();
            for (JarProcess inventory : inventories) {
                long count = metric(inventory, PROCESSED, "order-stream");
                handled.put(inventory.toString(), count);
                System.out.printf("  %-40s %6d%n", inventory, count);
            }
            System.out.println("events appended per relay, order-stream + inventory-stream (orderflow_outbox_published_total):");
            Map<String, Long> published = new LinkedHashMap<>();
            for (JarProcess relay : relays) {
                long orderEvents = metric(relay, PUBLISHED, "order-stream");
                long inventoryEvents = metric(relay, PUBLISHED, "inventory-stream");
                published.put(relay.toString(), orderEvents + inventoryEvents);
                System.out.printf("  %-40s %6d + %d%n", relay, orderEvents, inventoryEvents);
            }

            System.out.println();
            ok = check("both inventory consumers in the group", redis.xinfoConsumers("order-stream", "inventory-service").size() == 2)
                    & check("both inventory consumers handled entries", handled.values().stream().allMatch(n -> n > 0))
                    & check("both relays appended events", published.values().stream().allMatch(n -> n > 0))
                    & checkExactlyOnceInOrder(db, redis, ids);
        } finally {
            processes.forEach(JarProcess::sigterm);
            for (JarProcess process : processes) {
                process.awaitExit(Duration.ofSeconds(60));
            }
            connection.close();
            redisClient.shutdown();
        }
        System.out.println(ok ? "\nALL CHECKS PASSED" : "\nSOME CHECKS FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static JarProcess start(List<JarProcess> processes, String name, Path workDir, Map<String, String> env,
                                    String services, List<String> jvm) {
        Map<String, String> own = new HashMap<>(env);
        own.put("ORDERFLOW_SERVICES", services);
        // five pools of the default 20 would take PostgreSQL's default 100 connections: size them by need
        own.put("ORDERFLOW_DB_POOL_SIZE", services.equals("orders") ? "16" : "4");
        JarProcess process = JarProcess.start(name, workDir, own, jvm);
        processes.add(process);
        return process;
    }

    /** POSTs the orders from {@code clients} threads; every 20th names an unknown SKU and will be rejected. */
    private static List<String> placeOrders(JarProcess api, int orders, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            int n = i;
            placed.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String items = n % 20 == 19
                        ? "{\"sku\": \"SKU-999\", \"quantity\": 1}"
                        : "{\"sku\": \"SKU-%d\", \"quantity\": %d}, {\"sku\": \"SKU-%d\", \"quantity\": 1}"
                                .formatted(1 + random.nextInt(100), 1 + random.nextInt(3), 1 + random.nextInt(100));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.uri("/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"customer_id\": \"c-%d\", \"total_amount\": 12.50, \"items\": [%s]}".formatted(n, items)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
                return JSON.readTree(response.body()).get("id").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : placed) {
            ids.add(id.get());
        }
        pool.shutdown();
        return ids;
    }

    private static void samplePending(RedisCommands<String, String> redis, Map<String, Long> maxPending) {
        for (String[] group : new String[][] {{"order-stream", "inventory-service"}, {"inventory-stream", "order-service"}}) {
            PendingMessages pending = redis.xpending(group[0], group[1]);
            pending.getConsumerMessageCount().forEach((consumer, count) ->
                    maxPending.merge(group[1] + "/" + consumer, count, Math::max));
        }
    }

    private static boolean checkExactlyOnceInOrder(TestDatabase db, RedisCommands<String, String> redis, List<String> ids) {
        Map<String, List<String>> orderStream = eventsByOrder(redis.xrange("order-stream", Range.create("-", "+")));
        Map<String, List<String>> inventoryStream = eventsByOrder(redis.xrange("inventory-stream", Range.create("-", "+")));
        Map<Object, Object> status = new HashMap<>();
        db.query("SELECT id::text AS id, status FROM orders.orders").forEach(r -> status.put(r.get("id"), r.get("status")));
        Map<Object, Object> outbox = new HashMap<>();
        db.query("SELECT aggregate_id, string_agg(event_type, ',' ORDER BY id) AS events FROM orders.outbox GROUP BY 1")
                .forEach(r -> outbox.put(r.get("aggregate_id"), r.get("events")));
        int wrong = 0;
        for (String id : ids) {
            String closing = "CONFIRMED".equals(status.get(id)) ? "OrderConfirmed" : "OrderRejected";
            String answer = "CONFIRMED".equals(status.get(id)) ? "InventoryReserved" : "InventoryRejected";
            boolean right = List.of("OrderCreated", closing).equals(orderStream.get(id))
                    && List.of(answer).equals(inventoryStream.get(id))
                    && ("OrderCreated," + closing).equals(outbox.get(id));
            if (!right && wrong++ < 5) {
                System.out.printf("  order %s (%s): order-stream %s, inventory-stream %s, outbox %s%n", id, status.get(id),
                        orderStream.get(id), inventoryStream.get(id), outbox.get(id));
            }
        }
        long duplicates = redis.xlen("order-stream") + redis.xlen("inventory-stream")
                - db.count("SELECT count(*) FROM orders.outbox") - db.count("SELECT count(*) FROM inventory.outbox");
        return check("every order final", status.values().stream().noneMatch("PENDING"::equals) && status.size() == ids.size())
                & check("each order's events once and in order on both streams and in the outbox (" + wrong + " wrong)", wrong == 0)
                & check("no event appended twice (stream entries - outbox rows = " + duplicates + ")", duplicates == 0)
                & check("nothing left pending in either group", redis.xpending("order-stream", "inventory-service").getCount()
                        + redis.xpending("inventory-stream", "order-service").getCount() == 0)
                & check("no dead letters", redis.xlen("order-stream:inventory-service:dlq")
                        + redis.xlen("inventory-stream:order-service:dlq") == 0);
    }

    private static Map<String, List<String>> eventsByOrder(List<StreamMessage<String, String>> entries) {
        Map<String, List<String>> events = new HashMap<>();
        for (StreamMessage<String, String> entry : entries) {
            events.computeIfAbsent(entry.getBody().get("aggregate_id"), a -> new ArrayList<>()).add(entry.getBody().get("event_type"));
        }
        return events;
    }

    private static long metric(JarProcess process, Pattern pattern, String label) {
        for (String line : process.get("/observe/metrics").body().lines().toList()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.matches() && matcher.group(1).equals(label)) {
                return (long) Double.parseDouble(matcher.group(2));
            }
        }
        return -1;
    }

    private static boolean check(String what, boolean passed) {
        System.out.printf(Locale.ROOT, "%-6s %s%n", passed ? "OK" : "FAILED", what);
        return passed;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
