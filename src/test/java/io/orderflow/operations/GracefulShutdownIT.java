package io.orderflow.operations;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.orderflow.support.Http;
import io.orderflow.support.JarProcess;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM under load, the way {@code docker stop} and Kubernetes stop a container: the process stops taking
 * requests (later ones get 503 or a refused connection, never a hang), finishes the requests and stream entries it
 * has in hand and acknowledges them, finishes the relay's batch, and exits well within the shutdown timeout. After
 * a restart every order that was answered 201 reaches a final status, exactly once, and nothing stays pending.
 */
@ExtendWith(RealServers.class)
class GracefulShutdownIT {

    private static final int CLIENTS = 6;
    private static final int INITIAL_STOCK = 1_000_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path workDir;

    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);

    @Test
    void sigtermUnderLoadLosesNothingAndProcessesNothingTwice() throws Exception {
        Map<String, String> env = new HashMap<>(JarProcess.onTestServers("orders,relay,inventory"));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long stopMillis;
        long begin = System.nanoTime();
        try (JarProcess jar = JarProcess.start("orderflow-1", workDir, env).awaitReady()) {
            System.out.printf("started: ready after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(() -> placeOrdersUntilStopped(jar));
            }
            // a steady state: orders placed and consumed all the way through the saga
            await().atMost(Duration.ofSeconds(60)).until(() -> confirmedSoFar() >= 50);

            long sigterm = System.nanoTime();
            jar.sigterm();
            int exitCode = jar.awaitExit(Duration.ofSeconds(45));
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            // keep knocking after the exit: those requests must be refused, not hang
            long refusedAtExit = count("refused");
            await().atMost(Duration.ofSeconds(10)).until(() -> count("refused") >= refusedAtExit + CLIENTS);
            loading.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("clients finished").isTrue();

            System.out.printf("SIGTERM under load: exit code %d after %d ms; outcomes %s%n", exitCode, stopMillis,
                    outcomes.stream().collect(Collectors.groupingBy(Outcome::kind, Collectors.counting())));
            System.out.println(shutdownLog(jar));
            assertThat(exitCode).isIn(0, 143);
            assertThat(stopMillis).as("well within the 30 s shutdown timeout").isLessThan(25_000);
            assertThat(jar.log()).doesNotContain("Forcing shutdown").doesNotContain("Exception in thread");
        }

        assertThat(outcomes).as("every request got an answer or a refused connection, never a hang or an error page")
                .allSatisfy(o -> assertThat(o.kind()).isIn("201", "503", "refused", "closed"));
        List<Outcome> accepted = outcomes.stream().filter(o -> o.kind().equals("201")).toList();
        List<Outcome> refused = outcomes.stream().filter(o -> !o.kind().equals("201")).toList();
        assertThat(refused).as("requests after SIGTERM").isNotEmpty();
        TestDatabase db = RealServers.database();
        Set<Object> written = db.query("SELECT idempotency_key FROM orders.idempotency_keys").stream()
                .map(r -> r.get("idempotency_key")).collect(Collectors.toSet());
        assertThat(refused).as("a refused request wrote nothing").noneMatch(o -> written.contains(o.key()));
        assertThat(accepted).allMatch(o -> written.contains(o.key()));
        // what the stop left: entries it had read were processed and acknowledged, nothing half-published
        assertThat(Streams.pending("order-stream", "inventory-service")).as("pending inventory-service").isZero();
        assertThat(Streams.pending("inventory-stream", "order-service")).as("pending order-service").isZero();

        long restart = System.nanoTime();
        try (JarProcess restarted = JarProcess.start("orderflow-2", workDir, env).awaitReady()) {
            System.out.printf("restarted: ready after %d ms, %d orders pending%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart),
                    db.count("SELECT count(*) FROM orders.orders WHERE status = 'PENDING'"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(db.count("SELECT count(*) FROM orders.orders WHERE status = 'PENDING'")).isZero());
            System.out.printf("restarted: every order final after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")).isZero();
                assertThat(db.count("SELECT count(*) FROM inventory.outbox WHERE published_at IS NULL")).isZero();
                assertThat(Streams.pending("order-stream", "inventory-service")).isZero();
                assertThat(Streams.pending("inventory-stream", "order-service")).isZero();
            });
        }

        assertEveryAcceptedOrderFinalExactlyOnce(db, accepted);
    }

    private static void assertEveryAcceptedOrderFinalExactlyOnce(TestDatabase db, List<Outcome> accepted) {
        assertThat(db.count("SELECT count(*) FROM orders.orders")).isEqualTo(accepted.size());
        assertThat(db.count("SELECT count(*) FROM orders.orders WHERE status IN ('CONFIRMED', 'REJECTED')"))
                .isEqualTo(accepted.size());
        Map<Object, Object> orderEvents = new HashMap<>();
        db.query("SELECT aggregate_id, string_agg(event_type, ',' ORDER BY id) AS events FROM orders.outbox GROUP BY 1")
                .forEach(r -> orderEvents.put(r.get("aggregate_id"), r.get("events")));
        Map<Object, Object> inventoryAnswers = new HashMap<>();
        db.query("SELECT aggregate_id, count(*) AS answers FROM inventory.outbox GROUP BY 1")
                .forEach(r -> inventoryAnswers.put(r.get("aggregate_id"), r.get("answers")));
        assertThat(accepted).allSatisfy(order -> {
            assertThat(orderEvents.get(order.orderId())).as("events of %s", order.orderId())
                    .isEqualTo("OrderCreated,OrderConfirmed");
            assertThat(inventoryAnswers.get(order.orderId())).as("inventory answers to %s", order.orderId()).isEqualTo(1L);
        });
        assertThat(db.count("SELECT count(*) FROM inventory.reservations")).isEqualTo(accepted.size());
        // the stock adds up: nothing reserved twice
        assertThat(db.query("""
                SELECT s.sku FROM inventory.stock s
                LEFT JOIN (SELECT sku, sum(quantity) AS taken FROM inventory.reservations GROUP BY sku) r ON r.sku = s.sku
                WHERE s.available + coalesce(r.taken, 0) <> ?""", (long) INITIAL_STOCK)).isEmpty();
        // and the relay, stopped mid-stream, published no event twice
        List<String> published = new ArrayList<>();
        Streams.entries("order-stream").forEach(e -> published.add(e.getBody().get("event_id")));
        Streams.entries("inventory-stream").forEach(e -> published.add(e.getBody().get("event_id")));
        assertThat(published).hasSize(accepted.size() * 3).doesNotHaveDuplicates();
    }

    private long count(String kind) {
        return outcomes.stream().filter(o -> o.kind().equals(kind)).count();
    }

    private long confirmedSoFar() {
        return RealServers.database().count("SELECT count(*) FROM orders.orders WHERE status = 'CONFIRMED'");
    }

    private void placeOrdersUntilStopped(JarProcess jar) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        int n = 0;
        while (loading.get()) {
            String key = UUID.randomUUID().toString();
            String body = "{\"customer_id\": \"load\", \"total_amount\": 10.50, \"items\": [{\"sku\": \"SKU-%d\", \"quantity\": 1}]}"
                    .formatted(1 + n++ % 5);
            HttpRequest request = HttpRequest.newBuilder(jar.uri("/orders")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String id = response.statusCode() == 201 ? Http.json(response).get("id").asText() : null;
                String kind = Integer.toString(response.statusCode());
                if (response.statusCode() == 503 && !response.headers().firstValue("Content-Type").orElse("")
                        .equals("application/problem+json")) {
                    kind = "503 without problem+json";
                }
                outcomes.add(new Outcome(key, kind, id));
            } catch (HttpTimeoutException e) {
                outcomes.add(new Outcome(key, "hang", null));
            } catch (ConnectException e) {
                outcomes.add(new Outcome(key, "refused", null));
            } catch (IOException e) {
                // the server closed a kept-alive connection as it went away
                outcomes.add(new Outcome(key, "closed", null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String shutdownLog(JarProcess jar) {
        List<String> lines = jar.log().lines().toList();
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("SIGTERM")) {
                from = i;
            }
        }
        return String.join("\n", lines.subList(from, lines.size()));
    }

    private record Outcome(String key, String kind, String orderId) {
    }
}
