package io.orderflow.orders;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Idempotency-Key header (CONTRACT.md, IETF draft): one order per key, whatever the timing of retries.
 */
@TestProperties({"orderflow.services=orders", "orderflow.orders.idempotency.lock-timeout=500ms",
        "orderflow.orders.idempotency.purge-interval=200"})
class IdempotencyKeyTest extends OrderflowTestSupport {

    private static final String ORDER = """
            {"customer_id": "c-7", "total_amount": 12.30, "items": [{"sku": "SKU-2", "quantity": 1}]}""";

    @Test
    void aRetryWithTheSameKeyAndBodyReturnsTheFirstOrderAndWritesNothingNew() {
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = Http.postJson("/orders", ORDER, "Idempotency-Key", key);
        HttpResponse<String> retry = Http.postJson("/orders", ORDER, "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        String id = Http.json(first).get("id").asText();
        assertThat(db().count("SELECT count(*) FROM orders.orders WHERE customer_id = 'c-7' AND id = ?::uuid", id)).isEqualTo(1);
        assertThat(db().count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?", id)).isEqualTo(1);
    }

    @Test
    void theSameOrderWrittenDifferentlyIsStillTheSameRequest() {
        String key = UUID.randomUUID().toString();
        String reformatted = """
                {"items":[{"quantity":1,"sku":"SKU-2"}],   "total_amount":12.3,"customer_id":"c-7"}""";

        String first = Http.json(Http.postJson("/orders", ORDER, "Idempotency-Key", key)).get("id").asText();
        HttpResponse<String> retry = Http.postJson("/orders", reformatted, "Idempotency-Key", key);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(Http.json(retry).get("id").asText()).isEqualTo(first);
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndWritesNothing() {
        String key = UUID.randomUUID().toString();
        Http.postJson("/orders", ORDER, "Idempotency-Key", key);
        long before = rows();

        HttpResponse<String> other = Http.postJson("/orders", ORDER.replace("12.30", "12.31"), "Idempotency-Key", key);

        OrdersApiTest.assertProblem(other, 422);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void requestsRacingWithOneKeyCreateExactlyOneOrderAndOneEvent() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = ORDER.replace("c-7", "racer");
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return Http.postJson("/orders", body, "Idempotency-Key", key);
            }));
        }
        start.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
            if (response.statusCode() == 201) {
                ids.add(Http.json(response).get("id").asText());
            }
        }
        pool.shutdown();

        assertThat(ids).isNotEmpty();
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(db().count("SELECT count(*) FROM orders.orders WHERE customer_id = 'racer'")).isEqualTo(1);
        assertThat(db().count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?", ids.get(0))).isEqualTo(1);
    }

    @Test
    void aKeyStillHeldByAnUnfinishedRequestIs409UntilThatOneEnds() throws Exception {
        String key = UUID.randomUUID().toString();
        try (Connection inFlight = db().connect()) {
            inFlight.setAutoCommit(false);
            try (PreparedStatement claim = inFlight.prepareStatement("INSERT INTO orders.idempotency_keys "
                    + "(idempotency_key, request_fingerprint, order_id, created_at) VALUES (?, 'f', ?, ?)")) {
                claim.setString(1, key);
                claim.setObject(2, UUID.randomUUID());
                claim.setObject(3, java.sql.Timestamp.from(Instant.now()));
                claim.executeUpdate();
            }

            HttpResponse<String> meanwhile = Http.postJson("/orders", ORDER, "Idempotency-Key", key);

            OrdersApiTest.assertProblem(meanwhile, 409);
            inFlight.rollback();
        }
        HttpResponse<String> afterwards = Http.postJson("/orders", ORDER, "Idempotency-Key", key);
        assertThat(afterwards.statusCode()).isEqualTo(201);
    }

    @Test
    void refusesAnUnusableKeyWith400() {
        long before = rows();
        OrdersApiTest.assertProblem(Http.postJson("/orders", ORDER, "Idempotency-Key", "k".repeat(256)), 400);
        OrdersApiTest.assertProblem(Http.postJson("/orders", ORDER, "Idempotency-Key", ""), 400);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void keysAreForgottenOnlyAfterTheRetentionPeriod() {
        String fresh = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        Http.postJson("/orders", ORDER, "Idempotency-Key", fresh);
        db().execute("INSERT INTO orders.idempotency_keys VALUES (?, 'f', ?, now() - interval '25 hours')",
                expired, UUID.randomUUID());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(db().count("SELECT count(*) FROM orders.idempotency_keys WHERE idempotency_key = ?", expired))
                        .isZero());
        assertThat(db().count("SELECT count(*) FROM orders.idempotency_keys WHERE idempotency_key = ?", fresh)).isOne();
    }

    private static TestDatabase db() {
        return RealServers.database();
    }

    private static long rows() {
        return db().count("SELECT count(*) FROM orders.orders") + db().count("SELECT count(*) FROM orders.outbox")
                + db().count("SELECT count(*) FROM orders.idempotency_keys");
    }
}
