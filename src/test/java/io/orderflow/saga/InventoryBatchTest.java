package io.orderflow.saga;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inventory takes a whole read of order-stream in one transaction. Entries written in one MULTI arrive in one
 * read: the batch must decide exactly as event-by-event processing would.
 */
@TestProperties({"orderflow.services=inventory", "orderflow.inventory.initial-stock=5",
        "camel.component.redis-streams.configuration.block=200"})
class InventoryBatchTest extends OrderflowTestSupport {

    @Test
    void ordersInOneReadCompeteForStockInStreamOrder() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        addAtOnce(created(first, "SKU-40", 4), created(second, "SKU-40", 3));

        await().untilAsserted(() -> assertThat(replies(first) + replies(second)).isEqualTo(2));
        assertThat(replyTypes(first)).containsExactly("InventoryReserved");
        assertThat(replyTypes(second)).containsExactly("InventoryRejected");
        assertThat(reason(second)).isEqualTo("insufficient stock for SKU-40: requested 3, available 1");
        assertThat(EventFlowTest.stock("SKU-40")).isEqualTo(1);
    }

    @Test
    void aPoisonEntryDuplicatesAndForeignTypesInOneReadDoNotDisturbTheOthers() {
        String order = UUID.randomUUID().toString();
        Map<String, String> created = created(order, "SKU-41", 2);
        Map<String, String> poison = Map.of("payload", "{broken", "event_id", "poison-" + order, "event_type", "OrderCreated");
        Map<String, String> foreign = Map.of("payload", "{\"event_id\": \"f-" + order + "\", \"event_type\": \"OrderShipped\", "
                + "\"aggregate_id\": \"" + order + "\"}");

        addAtOnce(poison, created, created, foreign);

        await().untilAsserted(() -> assertThat(Streams.pending("order-stream", "inventory-service")).isZero());
        assertThat(replyTypes(order)).containsExactly("InventoryReserved");
        assertThat(EventFlowTest.stock("SKU-41")).isEqualTo(3);
        assertThat(Streams.entries(EventFlowTest.INVENTORY_DLQ)).singleElement()
                .satisfies(letter -> assertThat(letter.getBody()).containsEntry("event_id", "poison-" + order)
                        .containsEntry("attempts", "1"));
    }

    @Test
    void anOrderCreatedAndRejectedInOneReadLeavesTheStockAsItWas() {
        String order = UUID.randomUUID().toString();

        addAtOnce(created(order, "SKU-42", 2), event("OrderRejected", order, ", \"reason\": \"timeout\""));

        await().untilAsserted(() -> assertThat(db().count(
                "SELECT count(*) FROM inventory.reservations WHERE order_id = ? AND status = 'RELEASED'", order)).isOne());
        assertThat(EventFlowTest.stock("SKU-42")).isEqualTo(5);
        assertThat(replyTypes(order)).containsExactly("InventoryReserved");
    }

    @SafeVarargs
    private static void addAtOnce(Map<String, String>... entries) {
        var redis = RealServers.redis();
        redis.multi();
        for (Map<String, String> entry : entries) {
            redis.xadd("order-stream", new LinkedHashMap<>(entry));
        }
        redis.exec();
    }

    private static Map<String, String> created(String order, String sku, int quantity) {
        return event("OrderCreated", order, ", \"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \""
                + sku + "\", \"quantity\": " + quantity + "}]");
    }

    private static Map<String, String> event(String type, String order, String fields) {
        String eventId = UUID.randomUUID().toString();
        return Map.of("payload", "{\"event_id\": \"%s\", \"event_type\": \"%s\", \"aggregate_id\": \"%s\", \"occurred_at\": \"2026-11-24T10:15:30.123Z\"%s}"
                .formatted(eventId, type, order, fields), "event_type", type, "event_id", eventId, "aggregate_id", order);
    }

    private static long replies(String order) {
        return db().count("SELECT count(*) FROM inventory.outbox WHERE aggregate_id = ?", order);
    }

    private static List<Object> replyTypes(String order) {
        return db().query("SELECT event_type FROM inventory.outbox WHERE aggregate_id = ? ORDER BY id", order).stream()
                .map(row -> row.get("event_type")).toList();
    }

    private static String reason(String order) {
        String payload = (String) db().single("SELECT payload FROM inventory.outbox WHERE aggregate_id = ?", order);
        return Http.json(payload).get("reason").asText();
    }

    private static TestDatabase db() {
        return RealServers.database();
    }
}
