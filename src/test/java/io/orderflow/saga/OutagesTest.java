package io.orderflow.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.PrivateRedis;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real outages in the middle of traffic: Redis stopped and started again (with its append-only file, as in
 * production), PostgreSQL refusing connections. Orders keep being accepted where possible, nothing is lost,
 * nothing is dead-lettered for an outage, and everything drains afterwards.
 */
@PrivateRedis
@TestProperties({"camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms",
        "orderflow.consumers.retry-delay=50", "orderflow.db.connection-timeout=700ms"})
class OutagesTest extends OrderflowTestSupport {

    private static final String ITEM = "{\"customer_id\": \"burst\", \"total_amount\": 2, \"items\": [{\"sku\": \"SKU-%d\", \"quantity\": 1}]}";

    @Test
    void ordersPlacedWhileRedisIsDownAllReachAFinalStatusOnceItIsBack() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i == 50) {
                RealServers.classRedis().stop();
            }
            ids.add(Orders.place(ITEM.formatted(10 + i % 10)));
        }
        assertThat(db().count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")).isPositive();

        RealServers.classRedis().startAgain();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db().count(
                "SELECT count(*) FROM orders.orders WHERE customer_id = 'burst' AND status = 'CONFIRMED'")).isEqualTo(200));
        long reserved = 0;
        for (int sku = 10; sku < 20; sku++) {
            reserved += 1_000_000 - EventFlowTest.stock("SKU-" + sku);
        }
        assertThat(reserved).isEqualTo(200);
        assertThat(Streams.length("order-stream:inventory-service:dlq")).isZero();
        assertThat(Streams.length("inventory-stream:order-service:dlq")).isZero();
        await().untilAsserted(() -> {
            assertThat(Streams.pending("order-stream", "inventory-service")).isZero();
            assertThat(Streams.pending("inventory-stream", "order-service")).isZero();
        });
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void anEventConsumedWhilePostgresRefusesConnectionsIsRetriedUntilItIsBackNotDeadLettered() {
        String id = UUID.randomUUID().toString();
        db().execute("INSERT INTO orders.orders (id, customer_id, total_amount, status, created_at, updated_at) "
                + "VALUES (?::uuid, 'outage', 1, 'PENDING', now(), now())", id);
        String name = databaseName();
        TestDatabase admin = admin();
        try {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", name);
            String eventId = UUID.randomUUID().toString();
            Streams.add("order-stream", Map.of("payload", """
                    {"event_id": "%s", "event_type": "OrderCreated", "aggregate_id": "%s", "occurred_at": "2026-11-24T10:15:30.123Z",
                     "customer_id": "outage", "total_amount": 1, "items": [{"sku": "SKU-31", "quantity": 1}]}""".formatted(eventId, id),
                    "event_type", "OrderCreated", "event_id", eventId, "aggregate_id", id));

            // for seconds the database is unreachable while the consumer holds the entry, retrying it
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    Http.get("/orders/" + id).statusCode() == 503 && Streams.pending("order-stream", "inventory-service") == 1);
        } finally {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }

        Orders.awaitStatus(id, "CONFIRMED");
        assertThat(EventFlowTest.stock("SKU-31")).isEqualTo(1_000_000 - 1);
        assertThat(Streams.length("order-stream:inventory-service:dlq")).isZero();
        assertThat(Streams.length("inventory-stream:order-service:dlq")).isZero();
    }

    private static TestDatabase db() {
        return RealServers.database();
    }

    private static String databaseName() {
        String url = db().url();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static TestDatabase admin() {
        return new TestDatabase(db().url().replace("/" + databaseName(), "/postgres"), db().user(), db().password());
    }
}
