package io.orderflow.observability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.PrivateRedis;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process that runs only the relay has no stream consumer whose health would notice Redis going away: its own
 * Redis check does. Its metrics are the outboxes', not the saga's or the consumer groups'.
 */
@PrivateRedis
@TestProperties({"orderflow.services=relay", "orderflow.observability.refresh-interval=200ms",
        "orderflow.relay.poll-interval=200ms"})
class RelayProcessObservabilityTest extends OrderflowTestSupport {

    @Test
    void readinessFollowsRedisAlthoughNoConsumerRuns() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get("/observe/health/ready").statusCode() == 200);

        RealServers.classRedis().stop();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> ready = Http.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"name\":\"redis\"").doesNotContain("consumer:");
            });
            assertThat(Http.get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            RealServers.classRedis().startAgain();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get("/observe/health/ready").statusCode() == 200);
    }

    @Test
    void itMeasuresTheOutboxesOnlyAndCountsWhatItPublishes() {
        PrometheusScrape before = PrometheusScrape.take();
        String order = UUID.randomUUID().toString();
        RealServers.database().execute("""
                INSERT INTO orders.outbox (event_id, aggregate_type, aggregate_id, event_type, payload, occurred_at)
                VALUES (?::uuid, 'order', ?, 'OrderCreated', '{}', now())""", UUID.randomUUID().toString(), order);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(Streams.about("order-stream", order)).hasSize(1);
            PrometheusScrape after = PrometheusScrape.take();
            assertThat(after.value("orderflow_outbox_published_total", "outbox", "order")
                    - before.value("orderflow_outbox_published_total", "outbox", "order")).isEqualTo(1);
            assertThat(after.value("orderflow_outbox_backlog", "outbox", "order")).isZero();
            assertThat(after.has("orderflow_outbox_backlog", "outbox", "inventory")).isTrue();
            assertThat(after.has("orderflow_saga_pending")).isFalse();
            assertThat(after.has("orderflow_stream_lag")).isFalse();
        });
    }
}
