package io.orderflow.saga;

import java.util.Map;
import java.util.UUID;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No inventory runs here, so no answer comes: orders time out, are rejected with reason {@code timeout}, and a
 * late answer does not flip them back.
 */
@TestProperties({"orderflow.services=orders,relay", "orderflow.saga.timeout=1s", "orderflow.saga.sweep-interval=200",
        "camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms"})
class SagaTimeoutTest extends OrderflowTestSupport {

    @Test
    void anOrderWithoutAnswerIsRejectedWithReasonTimeoutAndALateAnswerChangesNothing() {
        String id = Orders.place("{\"customer_id\": \"slow\", \"total_amount\": 1, \"items\": [{\"sku\": \"SKU-1\", \"quantity\": 1}]}");
        assertThat(Orders.status(id)).isEqualTo("PENDING");

        Orders.awaitStatus(id, "REJECTED");
        assertThat(RealServers.database().single("SELECT rejection_reason FROM orders.orders WHERE id = ?::uuid", id))
                .isEqualTo("timeout");
        await().untilAsserted(() -> assertThat(EventFlowTest.eventTypes(EventFlowTest.ORDER_STREAM, id))
                .containsExactly("OrderCreated", "OrderRejected"));
        Map<String, String> rejected = Streams.about(EventFlowTest.ORDER_STREAM, id).get(1);
        assertThat(Http.json(rejected.get("payload")).get("reason").asText()).isEqualTo("timeout");

        String lateEventId = UUID.randomUUID().toString();
        Streams.add(EventFlowTest.INVENTORY_STREAM, Map.of("payload", """
                {"event_id": "%s", "event_type": "InventoryReserved", "aggregate_id": "%s", "occurred_at": "2026-11-24T10:15:30.123Z", "schema_version": 1}"""
                .formatted(lateEventId, id), "event_type", "InventoryReserved", "event_id", lateEventId, "aggregate_id", id));

        await().untilAsserted(() -> assertThat(RealServers.database()
                .count("SELECT count(*) FROM orders.inbox WHERE event_id = ?", lateEventId)).isOne());
        assertThat(Orders.status(id)).isEqualTo("REJECTED");
        assertThat(RealServers.database().count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?", id)).isEqualTo(2);
        assertThat(Streams.pending(EventFlowTest.INVENTORY_STREAM, "order-service")).isZero();
    }
}
