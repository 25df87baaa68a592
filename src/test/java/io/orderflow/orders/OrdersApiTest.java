package io.orderflow.orders;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of the order API (CONTRACT.md), end to end against real PostgreSQL.
 */
@TestProperties("orderflow.services=orders")
class OrdersApiTest extends OrderflowTestSupport {

    private static final String ORDER = """
            {"customer_id": "c-42", "total_amount": 99.90, "items": [{"sku": "SKU-1", "quantity": 2}]}""";
    private static final String ISO_UTC_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";


    @Test
    void acceptsAnOrderWith201LocationAndTheOrderAsBody() {
        HttpResponse<String> response = Http.postJson("/orders", ORDER);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode order = Http.json(response);
        String id = order.get("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.headers().firstValue("Location")).hasValue("/orders/" + id);
        assertThat(order.get("customer_id").asText()).isEqualTo("c-42");
        assertThat(order.get("total_amount").isNumber()).isTrue();
        assertThat(order.get("total_amount").decimalValue()).isEqualByComparingTo("99.90");
        assertThat(response.body()).contains("\"total_amount\":99.90");
        assertThat(order.get("items")).hasSize(1);
        assertThat(order.get("items").get(0).get("sku").asText()).isEqualTo("SKU-1");
        assertThat(order.get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("status").asText()).isEqualTo("PENDING");
        assertThat(order.get("created_at").asText()).matches(ISO_UTC_MILLIS);
        assertThat(order.get("updated_at").asText()).isEqualTo(order.get("created_at").asText());
        assertThat(fieldNames(order)).containsExactly(
                "id", "customer_id", "total_amount", "items", "status", "created_at", "updated_at");
    }

    @Test
    void writesTheOrderItsItemsAndOneOrderCreatedOutboxRowWaitingForTheRelay() {
        String id = Http.json(Http.postJson("/orders", ORDER)).get("id").asText();

        assertThat(db().count("SELECT count(*) FROM orders.orders WHERE id = ?::uuid AND status = 'PENDING'", id)).isEqualTo(1);
        assertThat(db().query("SELECT sku, quantity FROM orders.order_items WHERE order_id = ?::uuid ORDER BY line_no", id))
                .containsExactly(Map.of("sku", "SKU-1", "quantity", 2));
        List<Map<String, Object>> outbox = db().query(
                "SELECT event_id, event_type, aggregate_id, payload, published_at FROM orders.outbox WHERE aggregate_id = ?", id);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).get("event_type")).isEqualTo("OrderCreated");
        assertThat(outbox.get(0).get("published_at")).isNull();

        JsonNode event = Http.json((String) outbox.get(0).get("payload"));
        assertThat(fieldNames(event)).containsExactly("event_id", "event_type", "aggregate_id", "occurred_at",
                "schema_version", "customer_id", "total_amount", "items");
        assertThat(event.get("event_id").asText()).isEqualTo(outbox.get(0).get("event_id").toString());
        assertThat(event.get("event_type").asText()).isEqualTo("OrderCreated");
        assertThat(event.get("aggregate_id").asText()).isEqualTo(id);
        assertThat(event.get("occurred_at").asText()).matches(ISO_UTC_MILLIS);
        assertThat(event.get("schema_version").asInt()).isEqualTo(1);
        assertThat(event.get("customer_id").asText()).isEqualTo("c-42");
        assertThat(event.get("total_amount").isNumber()).isTrue();
        assertThat((String) outbox.get(0).get("payload")).contains("\"total_amount\":99.90");
        assertThat(event.get("items").get(0).get("sku").asText()).isEqualTo("SKU-1");
        assertThat(event.get("items").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void givesEveryEventAFreshId() {
        String first = Http.json(Http.postJson("/orders", ORDER)).get("id").asText();
        String second = Http.json(Http.postJson("/orders", ORDER)).get("id").asText();

        assertThat(db().count("SELECT count(DISTINCT event_id) FROM orders.outbox WHERE aggregate_id IN (?, ?)", first, second))
                .isEqualTo(2);
    }

    @Test
    void continuesTheCallersTraceInTheOutboxEvent() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String id = Http.json(Http.postJson("/orders", ORDER,
                "traceparent", "00-" + traceId + "-b7ad6b7169203331-01")).get("id").asText();

        String stored = (String) db().single("SELECT traceparent FROM orders.outbox WHERE aggregate_id = ?", id);
        assertThat(stored).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain("b7ad6b7169203331");
    }

    @Test
    void startsANewTraceWhenNoneOrAnInvalidOneCameIn() {
        String id = Http.json(Http.postJson("/orders", ORDER, "traceparent", "garbage")).get("id").asText();

        assertThat((String) db().single("SELECT traceparent FROM orders.outbox WHERE aggregate_id = ?", id))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void acceptsAnOrderWithoutItems() {
        HttpResponse<String> response = Http.postJson("/orders", "{\"customer_id\": \"c-1\", \"total_amount\": 5}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Http.json(response).get("items")).isEmpty();
        assertThat(Http.json(response).get("total_amount").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(response.body()).contains("\"total_amount\":5.00");
    }

    @Test
    void keepsUtf8CustomerIdsIntactThroughDatabaseApiAndEvent() {
        String customer = "客户-42 Ωμέγα ✓ 😀";
        String id = Http.json(Http.postJson("/orders",
                "{\"customer_id\": \"" + customer + "\", \"total_amount\": 1.5}")).get("id").asText();

        assertThat(Http.json(Http.get("/orders/" + id)).get("customer_id").asText()).isEqualTo(customer);
        assertThat(db().single("SELECT customer_id FROM orders.orders WHERE id = ?::uuid", id)).isEqualTo(customer);
        String payload = (String) db().single("SELECT payload FROM orders.outbox WHERE aggregate_id = ?", id);
        assertThat(Http.json(payload).get("customer_id").asText()).isEqualTo(customer);
    }

    @Test
    void returnsAnOrderById() {
        JsonNode created = Http.json(Http.postJson("/orders", ORDER));

        HttpResponse<String> response = Http.get("/orders/" + created.get("id").asText());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response)).isEqualTo(created);
    }

    @Test
    void answers404ProblemForAnUnknownOrder() {
        assertProblem(Http.get("/orders/" + UUID.randomUUID()), 404);
        assertProblem(Http.get("/orders/not-a-uuid"), 404);
    }

    @Test
    void answers404ProblemForAnUnknownRoute() {
        assertProblem(Http.get("/no-such-thing"), 404);
        assertProblem(Http.postJson("/orders/extra/segments", ORDER), 404);
    }

    @Test
    void answers405ProblemWithAllowForAWrongMethod() {
        HttpResponse<String> onCollection = Http.method("DELETE", "/orders");
        HttpResponse<String> onOrder = Http.method("PUT", "/orders/" + UUID.randomUUID());

        assertProblem(onCollection, 405);
        assertThat(onCollection.headers().firstValue("Allow")).hasValue("POST");
        assertProblem(onOrder, 405);
        assertThat(onOrder.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void answers400ProblemForMalformedJsonAndWritesNothing() {
        long before = orders();
        for (String body : List.of("{\"customer_id\": ", "not json", "{} trailing", "",
                "{\"customer_id\": \"a\", \"customer_id\": \"b\", \"total_amount\": 1}")) {
            assertProblem(Http.postJson("/orders", body), 400);
        }
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void answers415ProblemForABodyThatIsNotJson() {
        long before = orders();
        assertProblem(Http.post("/orders", "text/plain", ORDER), 415);
        assertProblem(Http.post("/orders", "application/xml", "<order/>"), 415);
        assertProblem(Http.post("/orders", null, ORDER), 415);
        assertProblem(Http.post("/orders", "application/json; charset=iso-8859-1", ORDER), 415);
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void acceptsJsonMediaTypesWithUtf8Charset() {
        assertThat(Http.post("/orders", "application/json; charset=UTF-8", ORDER).statusCode()).isEqualTo(201);
        assertThat(Http.post("/orders", "application/vnd.orderflow+json", ORDER).statusCode()).isEqualTo(201);
    }

    @Test
    void answers413ProblemForABodyOverTheLimitAndWritesNothing() {
        long before = orders();
        String huge = "{\"customer_id\": \"" + "x".repeat(70_000) + "\", \"total_amount\": 1}";

        HttpResponse<String> response = Http.postJson("/orders", huge);

        assertProblem(response, 413);
        assertThat(Http.json(response).get("detail").asText()).contains("65536");
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void doesNotEchoRequestHeadersBack() {
        HttpResponse<String> response = Http.postJson("/orders", ORDER, "X-Secret", "s3cr3t");

        assertThat(response.headers().firstValue("X-Secret")).isEmpty();
    }

    private static TestDatabase db() {
        return RealServers.database();
    }

    private long orders() {
        return db().count("SELECT count(*) FROM orders.orders") + db().count("SELECT count(*) FROM orders.outbox");
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
