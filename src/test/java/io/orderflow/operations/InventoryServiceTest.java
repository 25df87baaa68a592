package io.orderflow.operations;

import java.util.Map;
import java.util.UUID;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ORDERFLOW_SERVICES=inventory}: the inventory service runs on its own, as a database user that may not even
 * look at the order service's schema (database per service in spirit), and needs none of the order service's beans,
 * routes or tables to do its work.
 */
@TestProperties({"orderflow.services=inventory", "camel.component.redis-streams.configuration.block=200"})
class InventoryServiceTest extends OrderflowTestSupport {

    private static final String ROLE = "oft_inventory_only_" + ProcessHandle.current().pid();

    @EndpointInject("direct:unused")
    ProducerTemplate producer;

    /** Runs after RealServers made this class's database and before the application boots in it. */
    @BeforeAll
    void connectAsAUserWithoutAccessToTheOrderSchema() {
        TestDatabase db = RealServers.database();
        String database = db.url().substring(db.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        db.execute("DROP ROLE IF EXISTS " + ROLE);
        db.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'inventory'");
        // may create its own schema, nothing else
        db.execute("GRANT CREATE ON DATABASE " + database + " TO " + ROLE);
        // the order service's tables are there, as in a shared database, but out of reach
        db.execute("CREATE SCHEMA orders");
        db.execute("CREATE TABLE orders.orders (id uuid PRIMARY KEY)");
        System.setProperty("orderflow.db.user", ROLE);
        System.setProperty("orderflow.db.password", "inventory");
    }

    @AfterAll
    void dropTheRole() {
        TestDatabase db = RealServers.database();
        db.execute("DROP OWNED BY " + ROLE + " CASCADE");
        db.execute("DROP ROLE " + ROLE);
    }

    @Test
    void startsWithoutTheOrderServicesBeansRoutesOrHttpApi() {
        CamelContext camel = producer.getCamelContext();

        assertThat(camel.getRoute("inventory-reservation")).isNotNull();
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId())
                .doesNotContain("orders-create", "orders-get", "order-saga", "order-saga-timeout", "order-outbox-relay",
                        "inventory-outbox-relay");
        assertThat(camel.getRegistry().lookupByName("orderPlacement")).isNull();
        assertThat(camel.getRegistry().lookupByName("orderSaga")).isNull();
        assertThat(camel.getRegistry().lookupByName("orderOutboxRelay")).isNull();
        assertThat(Http.postJson("/orders", "{\"customer_id\": \"c\", \"total_amount\": 1}").statusCode()).isEqualTo(404);
        // ready once its consumer and the background checks have had a first answer from Redis and PostgreSQL
        await().untilAsserted(() -> assertThat(Http.get("/observe/health/ready").statusCode()).isEqualTo(200));
    }

    @Test
    void migratesOnlyItsOwnSchema() {
        assertThat(RealServers.database().query(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = 'flyway_schema_history'"))
                .as("its own schema, and the one add-on consumers in YAML share")
                .containsExactlyInAnyOrder(Map.of("table_schema", "inventory"), Map.of("table_schema", "consumers"));
        assertThat(RealServers.database().count("SELECT count(*) FROM pg_tables WHERE schemaname = 'orders'"))
                .as("only the table this test made").isEqualTo(1);
    }

    @Test
    void reservesStockAndAnswersThroughItsOwnOutboxWithoutTouchingOrderTables() {
        String orderId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        Streams.add("order-stream", Map.of("event_type", "OrderCreated", "event_id", eventId, "aggregate_id", orderId,
                "payload", """
                        {"event_id": "%s", "event_type": "OrderCreated", "aggregate_id": "%s",
                         "occurred_at": "2026-11-24T10:15:30.123Z", "customer_id": "c-inv", "total_amount": 3.00,
                         "items": [{"sku": "SKU-7", "quantity": 5}]}""".formatted(eventId, orderId)));

        await().untilAsserted(() -> assertThat(RealServers.database().query(
                "SELECT event_type FROM inventory.outbox WHERE aggregate_id = ?", orderId))
                .containsExactly(Map.of("event_type", "InventoryReserved")));
        assertThat(RealServers.database().count("SELECT available FROM inventory.stock WHERE sku = 'SKU-7'"))
                .isEqualTo(1_000_000 - 5);
        await().untilAsserted(() -> assertThat(Streams.pending("order-stream", "inventory-service")).isZero());
        assertThat(Streams.length("order-stream:inventory-service:dlq")).isZero();
        // no relay in this process: the answer waits in the outbox for one
        assertThat(Streams.length("inventory-stream")).isZero();
    }
}
