package io.orderflow.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A steady, open-loop stream of POST /orders at a fixed rate, whatever the answers: a client that keeps ordering
 * through an outage. Every request carries its own Idempotency-Key, so the suite can tell afterwards what each one
 * left in the database. Orders chosen by {@code cursed} ask for {@link #CURSED_SKU}.
 */
final class OrderTraffic implements AutoCloseable {

    static final String CURSED_SKU = "SKU-50";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** What one request got: 201 (with the order id), another status, or no answer (refused, closed, timeout). */
    record Outcome(String key, String result, String orderId, boolean cursed) {
        boolean accepted() {
            return "201".equals(result);
        }

        boolean serverError() {
            return result.startsWith("5");
        }
    }

    private final URI orders;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newFixedThreadPool(64);
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile LongPredicate cursed = n -> false;

    private OrderTraffic(URI orders) {
        this.orders = orders;
    }

    /** Starts sending {@code perSecond} orders a second to {@code baseUri}/orders. */
    static OrderTraffic start(URI baseUri, int perSecond) {
        OrderTraffic traffic = new OrderTraffic(baseUri.resolve("/orders"));
        long periodMicros = 1_000_000L / perSecond;
        traffic.ticker.scheduleAtFixedRate(() -> traffic.senders.execute(traffic::placeOne),
                0, periodMicros, TimeUnit.MICROSECONDS);
        return traffic;
    }

    /** From now on the n-th order (counted from the start) asks for the cursed SKU when {@code which} says so. */
    void curse(LongPredicate which) {
        this.cursed = which;
    }

    /** Stops sending and waits for the answers still outstanding; returns every outcome. */
    List<Outcome> stop() {
        ticker.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still outstanding 30 s after the load stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return List.copyOf(outcomes);
    }

    private void placeOne() {
        long n = sent.incrementAndGet();
        boolean cursedOrder = cursed.test(n);
        String sku = cursedOrder ? CURSED_SKU : "SKU-" + (1 + n % 10);
        String key = UUID.randomUUID().toString();
        String body = "{\"customer_id\": \"fault-suite\", \"total_amount\": 10.50, \"items\": [{\"sku\": \"%s\", \"quantity\": %d}]}"
                .formatted(sku, 1 + n % 3);
        HttpRequest request = HttpRequest.newBuilder(orders).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String result;
        String orderId = null;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            result = Integer.toString(response.statusCode());
            if (response.statusCode() == 201) {
                orderId = JSON.readTree(response.body()).get("id").asText();
            }
        } catch (HttpTimeoutException e) {
            result = "timeout";
        } catch (ConnectException e) {
            result = "refused";
        } catch (IOException e) {
            result = "closed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = "interrupted";
        }
        outcomes.add(new Outcome(key, result, orderId, cursedOrder));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
    }
}
