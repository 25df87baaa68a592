package io.orderflow.saga;

import java.util.Map;
import java.util.UUID;

import io.orderflow.inventory.InventoryReservation;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Compensation: when an order the inventory reserved for is rejected after all (the saga timed out before the
 * answer arrived), the inventory gives the stock back, once. And when the rejection overtakes the order itself (a
 * consumer died holding the OrderCreated until the saga's timeout rejected the order), the late OrderCreated reserves
 * nothing: no stock would ever come back for it.
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

    @EndpointInject("direct:inventory-release-test")
    ProducerTemplate template;

    @Test
    void anOrderCreatedArrivingAfterItsOrderRejectedReservesNothing() {
        String orderId = UUID.randomUUID().toString();
        Streams.add(EventFlowTest.ORDER_STREAM, event("OrderRejected", orderId, ", \"reason\": \"timeout\""));
        await().untilAsserted(() -> assertThat(RealServers.database().count(
                "SELECT count(*) FROM inventory.closed_orders WHERE order_id = ?", orderId)).isOne());

        Streams.add(EventFlowTest.ORDER_STREAM, event("OrderCreated", orderId,
                ", \"customer_id\": \"c\", \"total_amount\": 3, \"items\": [{\"sku\": \"SKU-11\", \"quantity\": 4}]"));

        await().untilAsserted(() -> assertThat(answers(orderId)).containsExactly("InventoryRejected"));
        assertThat(RealServers.database().count("SELECT count(*) FROM inventory.reservations WHERE order_id = ?", orderId))
                .isZero();
        assertThat(EventFlowTest.stock("SKU-11")).isEqualTo(1_000_000);
        assertThat(RealServers.database().single("SELECT payload FROM inventory.outbox WHERE aggregate_id = ?", orderId))
                .asString().contains("order already closed");
    }

    @Test
    void theRejectionAndTheLateOrderInOneReadReserveNothing() {
        String orderId = UUID.randomUUID().toString();
        Streams.add(EventFlowTest.ORDER_STREAM, event("OrderRejected", orderId, ", \"reason\": \"timeout\""));
        Streams.add(EventFlowTest.ORDER_STREAM, event("OrderCreated", orderId,
                ", \"customer_id\": \"c\", \"total_amount\": 3, \"items\": [{\"sku\": \"SKU-12\", \"quantity\": 2}]"));

        await().untilAsserted(() -> assertThat(answers(orderId)).containsExactly("InventoryRejected"));
        assertThat(EventFlowTest.stock("SKU-12")).isEqualTo(1_000_000);
    }

    @Test
    void theOneByOnePathAlsoRefusesAnOrderClosedBeforeItsReservation() {
        InventoryReservation reservation = template.getCamelContext().getRegistry().lookupByNameAndType("inventoryReservation",
                InventoryReservation.class);
        String orderId = UUID.randomUUID().toString();
        assertThat(reservation.handle(event("OrderRejected", orderId, ", \"reason\": \"timeout\"").get("payload"),
                "inventory-service", null)).isEqualTo(InventoryReservation.Outcome.RELEASED);

        assertThat(reservation.handle(event("OrderCreated", orderId,
                        ", \"customer_id\": \"c\", \"total_amount\": 3, \"items\": [{\"sku\": \"SKU-13\", \"quantity\": 1}]")
                .get("payload"), "inventory-service", null)).isEqualTo(InventoryReservation.Outcome.REJECTED);
        assertThat(EventFlowTest.stock("SKU-13")).isEqualTo(1_000_000);
        assertThat(answers(orderId)).containsExactly("InventoryRejected");
    }

    private static java.util.List<Object> answers(String orderId) {
        return RealServers.database().query("SELECT event_type FROM inventory.outbox WHERE aggregate_id = ? ORDER BY id", orderId)
                .stream().map(r -> r.get("event_type")).toList();
    }

    private static Map<String, String> event(String type, String orderId, String fields) {
        String eventId = UUID.randomUUID().toString();
        return Map.of("payload", "{\"event_id\": \"%s\", \"event_type\": \"%s\", \"aggregate_id\": \"%s\", \"occurred_at\": \"2026-11-24T10:15:30.123Z\"%s}"
                .formatted(eventId, type, orderId, fields), "event_type", type, "event_id", eventId, "aggregate_id", orderId);
    }
}
