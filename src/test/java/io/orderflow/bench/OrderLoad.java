package io.orderflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Load for POST /orders, printed as {@code RESULT|name|key=value|...} lines for bench scripts.
 *
 * <pre>
 *   closed &lt;baseUrl&gt; &lt;connections&gt; &lt;seconds&gt;           each connection sends the next order when the last answered
 *   open   &lt;baseUrl&gt; &lt;rate/s&gt; &lt;seconds&gt; &lt;jdbcUrl&gt; &lt;redisUrl&gt;
 *                                                  orders at a fixed rate (latency from the intended send time),
 *                                                  then POST -> final status and relay lag from PostgreSQL and Redis
 * </pre>
 */
public final class OrderLoad {

    private static final String ORDER = "{\"customer_id\": \"bench-%d\", \"total_amount\": 99.90, "
            + "\"items\": [{\"sku\": \"SKU-%d\", \"quantity\": 1}, {\"sku\": \"SKU-%d\", \"quantity\": 2}]}";
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final URI orders;
    private final AtomicLong sequence = new AtomicLong();

    private OrderLoad(String baseUrl) {
        this.orders = URI.create(baseUrl + "/orders");
    }

    public static void main(String[] args) throws Exception {
        OrderLoad load = new OrderLoad(args[1]);
        switch (args[0]) {
            case "closed" -> load.closed(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "open" -> load.open(Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5]);
            default -> throw new IllegalArgumentException("closed or open, not " + args[0]);
        }
        System.exit(0);
    }

    private HttpRequest request() {
        long n = sequence.incrementAndGet();
        return HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER.formatted(n, 1 + n % 100, 1 + (n + 37) % 100)))
                .build();
    }

    /** Closed loop: throughput and latency percentiles at a fixed number of connections. */
    private void closed(int connections, int seconds) throws Exception {
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(5, seconds / 4 + 1));
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        HttpClient[] clients = new HttpClient[connections];
        for (int c = 0; c < connections; c++) {
            // one client per connection: the JDK pool would otherwise share connections between loops
            clients[c] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient own = clients[c];
            Thread loop = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<String> response = own.send(request(), HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (start >= warmupEnd) {
                            if (response.statusCode() == 201) {
                                latencies.add(took);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "load-" + c);
            loop.start();
        }
        done.await();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT|closed|connections=%d|seconds=%d|requests=%d|throughput=%.0f|p50_ms=%.2f|p99_ms=%.2f"
                        + "|p999_ms=%.2f|errors=%d%n", connections, seconds, sorted.length, sorted.length / (double) seconds,
                millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 0.999), errors.get());
    }

    /** Open loop: a fixed rate; then how long the saga took and how long rows waited in the outbox. */
    private void open(int rate, int seconds, String jdbcUrl, String redisUrl) throws Exception {
        int total = rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<Void>> sent = new ArrayList<>(total);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        CountDownLatch scheduled = new CountDownLatch(total);
        for (int i = 0; i < total; i++) {
            long intended = start + i * interval;
            ticker.schedule(() -> {
                sent.add(client.sendAsync(request(), HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                    if (failure == null && response.statusCode() == 201) {
                        latencies.add(System.nanoTime() - intended);
                        Matcher id = ID.matcher(response.body());
                        if (id.find()) {
                            ids.add(id.group(1));
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                    return null;
                }));
                scheduled.countDown();
            }, intended - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        scheduled.await();
        ticker.shutdown();
        // every send was scheduled (the latch orders the ticker's adds before this read)
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        double took = (System.nanoTime() - start) / 1e9;
        long[] post = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT|open-post|rate=%d|seconds=%d|requests=%d|achieved=%.0f|p50_ms=%.2f|p99_ms=%.2f"
                + "|p999_ms=%.2f|errors=%d%n", rate, seconds, post.length, post.length / took, millis(post, 0.5),
                millis(post, 0.99), millis(post, 0.999), errors.get());
        sagaAndRelayLatency(rate, List.copyOf(ids), jdbcUrl, redisUrl);
    }

    private static void sagaAndRelayLatency(int rate, List<String> ids, String jdbcUrl, String redisUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long[] saga;
        Map<String, Long> createdMillis = new HashMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            long finals;
            do {
                try (PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM orders.orders WHERE id = ANY(?::uuid[]) AND status <> 'PENDING'")) {
                    query.setArray(1, db.createArrayOf("text", ids.toArray()));
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        finals = rs.getLong(1);
                    }
                }
                if (finals < ids.size()) {
                    Thread.sleep(200);
                }
            } while (finals < ids.size() && System.nanoTime() < deadline);
            List<Long> durations = new ArrayList<>();
            long confirmed = 0;
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT id::text, status, (extract(epoch FROM created_at) * 1000)::bigint,
                           (extract(epoch FROM updated_at - created_at) * 1000000)::bigint
                    FROM orders.orders WHERE id = ANY(?::uuid[])""")) {
                query.setArray(1, db.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        createdMillis.put(rs.getString(1), rs.getLong(3));
                        if (!rs.getString(2).equals("PENDING")) {
                            durations.add(rs.getLong(4) * 1000);
                            confirmed += rs.getString(2).equals("CONFIRMED") ? 1 : 0;
                        }
                    }
                }
            }
            saga = durations.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("RESULT|open-saga|rate=%d|orders=%d|final=%d|confirmed=%d|p50_ms=%.2f|p99_ms=%.2f|max_ms=%.2f%n",
                    rate, ids.size(), saga.length, confirmed, millis(saga, 0.5), millis(saga, 0.99), millis(saga, 1.0));
        }
        RedisClient redis = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            List<Long> lags = new ArrayList<>();
            String cursor = "-";
            while (true) {
                List<StreamMessage<String, String>> page = connection.sync().xrange("order-stream",
                        Range.create(cursor, "+"), Limit.from(10_000));
                for (StreamMessage<String, String> entry : page) {
                    Long created = createdMillis.get(entry.getBody().get("aggregate_id"));
                    if (created != null && "OrderCreated".equals(entry.getBody().get("event_type"))) {
                        long xaddMillis = Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-')));
                        lags.add(TimeUnit.MILLISECONDS.toNanos(xaddMillis - created));
                    }
                }
                if (page.size() < 10_000) {
                    break;
                }
                String last = page.get(page.size() - 1).getId();
                cursor = "(" + last;
            }
            long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("RESULT|relay-lag|rate=%d|events=%d|p50_ms=%.2f|p99_ms=%.2f|max_ms=%.2f%n",
                    rate, lag.length, millis(lag, 0.5), millis(lag, 0.99), millis(lag, 1.0));
        } finally {
            redis.shutdown();
        }
    }

    static double millis(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
