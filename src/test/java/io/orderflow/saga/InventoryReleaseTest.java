package io.orderflow.saga;

import java.util.Map;
import java.util.UUID;

import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Compensation: when an order the inventory reserved for is rejected after all (the saga timed out before the
 * answer arrived), the inventory gives the stock back, once.
 */
@TestProperties({"orderflow.services=inventory,relay", "camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms"})
class InventoryReleaseTest extends OrderflowTestSupport {

    @Test
    void anOrderRejectedAfterItsReservationGetsItsStockBackOnce() {
        String orderId = UUID.randomUUID().toString();
        Streams.add(EventFlowTest.ORDER_STREAM, event("OrderCreated", orderId,
                ", \"customer_id\": \"c\", \"total_amount\": 3, \"items\": [{\"sku\": \"SKU-9\", \"quantity\": 4}]"));
        await().untilAsserted(() -> assertThat(EventFlowTest.stock("SKU-9")).isEqualTo(1_000_000 - 4));

        Map<String, String> rejected = event("OrderRejected", orderId, ", \"reason\": \"timeout\"");
        Streams.add(EventFlowTest.ORDER_STREAM, rejected);
        Streams.add(EventFlowTest.ORDER_STREAM, rejected);

        await().untilAsserted(() -> assertThat(RealServers.database().single(
                "SELECT status FROM inventory.reservations WHERE order_id = ?", orderId)).isEqualTo("RELEASED"));
        await().untilAsserted(() -> assertThat(Streams.pending(EventFlowTest.ORDER_STREAM, "inventory-service")).isZero());
        assertThat(EventFlowTest.stock("SKU-9")).isEqualTo(1_000_000);
    }

    private static Map<String, String> event(String type, String orderId, String fields) {
        String eventId = UUID.randomUUID().toString();
        return Map.of("payload", "{\"event_id\": \"%s\", \"event_type\": \"%s\", \"aggregate_id\": \"%s\", \"occurred_at\": \"2026-11-24T10:15:30.123Z\"%s}"
                .formatted(eventId, type, orderId, fields), "event_type", type, "event_id", eventId, "aggregate_id", orderId);
    }
}
