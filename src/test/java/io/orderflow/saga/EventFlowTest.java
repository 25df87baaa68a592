package io.orderflow.saga;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.StreamMessage;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole saga through real PostgreSQL and Redis: HTTP -> order outbox -> relay -> order-stream -> inventory
 * -> inventory outbox -> relay -> inventory-stream -> order saga -> final status.
 */
@TestProperties({"orderflow.inventory.initial-stock=1000", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms"})
class EventFlowTest extends OrderflowTestSupport {

    static final String ORDER_STREAM = "order-stream";
    static final String INVENTORY_STREAM = "inventory-stream";
    static final String INVENTORY_DLQ = "order-stream:inventory-service:dlq";

    @Test
    void anOrderWithStockIsConfirmedAndReservesEveryItem() {
        String id = Orders.place("""
                {"customer_id": "c-1", "total_amount": 20, "items": [
                  {"sku": "SKU-1", "quantity": 2}, {"sku": "SKU-2", "quantity": 3}, {"sku": "SKU-1", "quantity": 1}]}""");

        Orders.awaitStatus(id, "CONFIRMED");

        assertThat(stock("SKU-1")).isEqualTo(1000 - 3);
        assertThat(stock("SKU-2")).isEqualTo(1000 - 3);
        assertThat(db().query("SELECT sku, quantity, status FROM inventory.reservations WHERE order_id = ? ORDER BY sku", id))
                .containsExactly(Map.of("sku", "SKU-1", "quantity", 3L, "status", "RESERVED"),
                        Map.of("sku", "SKU-2", "quantity", 3L, "status", "RESERVED"));
        await().untilAsserted(() -> assertThat(eventTypes(ORDER_STREAM, id)).containsExactly("OrderCreated", "OrderConfirmed"));
        assertThat(eventTypes(INVENTORY_STREAM, id)).containsExactly("InventoryReserved");
        await().untilAsserted(() -> {
            assertThat(db().count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")).isZero();
            assertThat(Streams.pending(ORDER_STREAM, "inventory-service")).isZero();
            assertThat(Streams.pending(INVENTORY_STREAM, "order-service")).isZero();
        });
    }

    @Test
    void everyStreamEntryCarriesTheContractFields() {
        String id = Orders.place("{\"customer_id\": \"c-fields\", \"total_amount\": 1}");
        Orders.awaitStatus(id, "CONFIRMED");

        Map<String, String> created = Streams.about(ORDER_STREAM, id).get(0);
        Map<String, Object> row = db().query("SELECT event_id, payload, traceparent FROM orders.outbox "
                + "WHERE aggregate_id = ? AND event_type = 'OrderCreated'", id).get(0);
        assertThat(created).containsEntry("event_type", "OrderCreated")
                .containsEntry("event_id", row.get("event_id").toString())
                .containsEntry("aggregate_id", id)
                .containsEntry("payload", (String) row.get("payload"))
                .containsEntry("traceparent", (String) row.get("traceparent"));
        Map<String, String> reply = Streams.about(INVENTORY_STREAM, id).get(0);
        assertThat(Http.json(reply.get("payload")).get("aggregate_id").asText()).isEqualTo(id);
        assertThat(reply.get("traceparent")).startsWith(created.get("traceparent").substring(0, 36));
    }

    @Test
    void anOrderWithoutEnoughStockIsRejectedAndReservesNothing() {
        String id = Orders.place("""
                {"customer_id": "c-2", "total_amount": 5, "items": [
                  {"sku": "SKU-4", "quantity": 1}, {"sku": "SKU-3", "quantity": 1001}]}""");

        Orders.awaitStatus(id, "REJECTED");

        assertThat(stock("SKU-3")).isEqualTo(1000);
        assertThat(stock("SKU-4")).isEqualTo(1000);
        assertThat(db().count("SELECT count(*) FROM inventory.reservations WHERE order_id = ?", id)).isZero();
        Map<String, String> reply = Streams.about(INVENTORY_STREAM, id).get(0);
        assertThat(reply.get("event_type")).isEqualTo("InventoryRejected");
        assertThat(Http.json(reply.get("payload")).get("reason").asText())
                .isEqualTo("insufficient stock for SKU-3: requested 1001, available 1000");
        assertThat(db().single("SELECT rejection_reason FROM orders.orders WHERE id = ?::uuid", id))
                .isEqualTo("insufficient stock for SKU-3: requested 1001, available 1000");
        await().untilAsserted(() -> assertThat(eventTypes(ORDER_STREAM, id)).containsExactly("OrderCreated", "OrderRejected"));
    }

    @Test
    void anOrderWithAnUnknownSkuIsRejectedNamingIt() {
        String id = Orders.place("""
                {"customer_id": "c-3", "total_amount": 5, "items": [{"sku": "SKU-5", "quantity": 1}, {"sku": "NOPE-1", "quantity": 1}]}""");

        Orders.awaitStatus(id, "REJECTED");

        assertThat(db().single("SELECT rejection_reason FROM orders.orders WHERE id = ?::uuid", id)).isEqualTo("unknown SKU NOPE-1");
        assertThat(stock("SKU-5")).isEqualTo(1000);
    }

    @Test
    void anOrderWithoutItemsIsConfirmed() {
        String id = Orders.place("{\"customer_id\": \"c-4\", \"total_amount\": 0}");

        Orders.awaitStatus(id, "CONFIRMED");
    }

    @Test
    void theMinimalOrderCreatedOfAnotherProducerIsReserved() {
        String orderId = UUID.randomUUID().toString();
        Streams.add(ORDER_STREAM, Map.of("payload", """
                {"event_id": "%s", "event_type": "OrderCreated", "aggregate_id": "%s",
                 "occurred_at": "2026-11-24T10:15:30.123Z", "customer_id": "seed", "total_amount": 10.00}"""
                .formatted(UUID.randomUUID(), orderId)));

        await().untilAsserted(() -> assertThat(eventTypes(INVENTORY_STREAM, orderId)).containsExactly("InventoryReserved"));
    }

    @Test
    void eventTypesTheInventoryDoesNotHandleAreAcknowledgedAndSkipped() {
        String eventId = UUID.randomUUID().toString();
        Streams.add(ORDER_STREAM, Map.of("payload", """
                {"event_id": "%s", "event_type": "CustomerRegistered", "aggregate_id": "x", "occurred_at": "2026-11-24T10:15:30.123Z"}"""
                .formatted(eventId), "event_type", "CustomerRegistered", "event_id", eventId));

        await().untilAsserted(() -> assertThat(Streams.pending(ORDER_STREAM, "inventory-service")).isZero());
        assertThat(db().count("SELECT count(*) FROM inventory.inbox WHERE event_id = ?", eventId)).isZero();
        assertThat(deadLetters(INVENTORY_DLQ)).noneMatch(e -> eventId.equals(e.getBody().get("event_id")));
    }

    @Test
    void theSameEventDeliveredTwiceChangesStockOnceAndRepliesOnce() {
        String id = Orders.place("""
                {"customer_id": "c-5", "total_amount": 5, "items": [{"sku": "SKU-6", "quantity": 7}]}""");
        Orders.awaitStatus(id, "CONFIRMED");
        Map<String, String> original = Streams.about(ORDER_STREAM, id).get(0);

        Streams.add(ORDER_STREAM, original);

        await().untilAsserted(() -> assertThat(db().count(
                "SELECT count(*) FROM inventory.inbox WHERE event_id = ?", original.get("event_id"))).isOne());
        await().untilAsserted(() -> assertThat(Streams.pending(ORDER_STREAM, "inventory-service")).isZero());
        assertThat(stock("SKU-6")).isEqualTo(1000 - 7);
        assertThat(db().count("SELECT count(*) FROM inventory.outbox WHERE aggregate_id = ?", id)).isOne();
        assertThat(eventTypes(INVENTORY_STREAM, id)).containsExactly("InventoryReserved");
    }

    @Test
    void poisonEntriesAreDeadLetteredAtOnceAndAcknowledged() {
        String noEventId = "{\"event_type\": \"OrderCreated\", \"aggregate_id\": \"p-3\"}";
        String notJson = "{not json";
        Streams.add(ORDER_STREAM, Map.of("payload", notJson, "event_type", "OrderCreated", "event_id", "p-1"));
        Streams.add(ORDER_STREAM, Map.of("event_type", "OrderCreated", "event_id", "p-2"));
        Streams.add(ORDER_STREAM, Map.of("payload", noEventId));

        await().untilAsserted(() -> assertThat(deadLetters(INVENTORY_DLQ)).hasSizeGreaterThanOrEqualTo(3));
        List<Map<String, String>> letters = deadLetters(INVENTORY_DLQ).stream().map(StreamMessage::getBody).toList();
        assertThat(letters).anySatisfy(l -> assertThat(l).containsEntry("payload", notJson).containsEntry("event_id", "p-1")
                .containsEntry("attempts", "1").containsEntry("error_class", "io.orderflow.events.MalformedEventException"));
        assertThat(letters).anySatisfy(l -> assertThat(l).containsEntry("event_id", "p-2").containsEntry("attempts", "1")
                .containsEntry("error_message", "Entry has no payload"));
        assertThat(letters).anySatisfy(l -> assertThat(l).containsEntry("payload", noEventId).containsEntry("attempts", "1"));
        assertThat(Streams.pending(ORDER_STREAM, "inventory-service")).isZero();
    }

    static List<String> eventTypes(String stream, String aggregateId) {
        return Streams.about(stream, aggregateId).stream().map(e -> e.get("event_type")).toList();
    }

    static List<StreamMessage<String, String>> deadLetters(String stream) {
        return Streams.entries(stream);
    }

    static long stock(String sku) {
        return db().count("SELECT available FROM inventory.stock WHERE sku = ?", sku);
    }

    static TestDatabase db() {
        return RealServers.database();
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
