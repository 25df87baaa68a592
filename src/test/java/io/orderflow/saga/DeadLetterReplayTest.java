package io.orderflow.saga;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead-letter operations under /admin: an event dead-lettered by a broken handler is listed, shown, and once the
 * cause is fixed replayed to the failing group only, where it is processed exactly once.
 */
@TestProperties({"orderflow.admin.token=s3cret-admin-token", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms", "orderflow.consumers.retry-delay=20"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterReplayTest extends OrderflowTestSupport {

    private static final String DLQ = "order-stream:inventory-service:dlq";
    private static final String AUTH = "Bearer s3cret-admin-token";
    private static String orderId;

    @Test
    @Order(1)
    void anEventThatKeepsFailingEndsInTheDeadLetterStream() {
        db().execute("""
                CREATE OR REPLACE FUNCTION public.refuse_sku_79() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.sku = 'SKU-79' THEN RAISE EXCEPTION 'warehouse 79 offline'; END IF;
                    RETURN NEW;
                END $$""");
        db().execute("CREATE TRIGGER refuse_sku_79 BEFORE INSERT ON inventory.reservations FOR EACH ROW "
                + "EXECUTE FUNCTION public.refuse_sku_79()");
        orderId = Orders.place("{\"customer_id\": \"dlq\", \"total_amount\": 1, \"items\": [{\"sku\": \"SKU-79\", \"quantity\": 5}]}");

        await().untilAsserted(() -> assertThat(Streams.length(DLQ)).isOne());
        assertThat(Orders.status(orderId)).isEqualTo("PENDING");
    }

    @Test
    @Order(2)
    void theAdminEndpointsRequireTheBearerToken() {
        assertThat(Http.get("/admin/dead-letters").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = Http.get("/admin/dead-letters", "Authorization", "Bearer guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    @Order(3)
    void listsShowsAndFiltersDeadLetters() {
        JsonNode streams = Http.json(Http.get("/admin/dead-letters", "Authorization", AUTH));
        assertThat(streams.get("dead_letter_streams").get(DLQ).asLong()).isOne();

        JsonNode page = Http.json(Http.get("/admin/dead-letters/" + DLQ + "?error_class=org.springframework.orm.jpa.JpaSystemException",
                "Authorization", AUTH));
        JsonNode all = Http.json(Http.get("/admin/dead-letters/" + DLQ + "?count=10", "Authorization", AUTH));
        assertThat(all.get("entries")).hasSize(1);
        JsonNode letter = all.get("entries").get(0);
        assertThat(letter.get("fields").get("error_message").asText()).contains("warehouse 79 offline");
        String errorClass = letter.get("fields").get("error_class").asText();
        assertThat(Http.json(Http.get("/admin/dead-letters/" + DLQ + "?error_class=" + errorClass, "Authorization", AUTH))
                .get("entries")).hasSize(1);
        assertThat(Http.json(Http.get("/admin/dead-letters/" + DLQ + "?error_class=no.such.Error", "Authorization", AUTH))
                .get("entries")).isEmpty();
        assertThat(page.get("stream").asText()).isEqualTo(DLQ);

        HttpResponse<String> shown = Http.get("/admin/dead-letters/" + DLQ + "/" + letter.get("id").asText(), "Authorization", AUTH);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(Http.json(shown).get("fields").get("original_stream").asText()).isEqualTo("order-stream");
        assertThat(Http.get("/admin/dead-letters/" + DLQ + "/0-1", "Authorization", AUTH).statusCode()).isEqualTo(404);
        assertThat(Http.get("/admin/dead-letters/order-stream", "Authorization", AUTH).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aReplayAfterFixingTheCauseIsProcessedOnceByTheFailingGroupOnly() {
        db().execute("DROP TRIGGER refuse_sku_79 ON inventory.reservations");
        String id = Streams.entries(DLQ).get(0).getId();

        HttpResponse<String> replayed = Http.post("/admin/dead-letters/" + DLQ + "/" + id + "/replay", null, "",
                "Authorization", AUTH);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(Http.json(replayed).get("replay_stream").asText()).isEqualTo("order-stream:inventory-service:replay");
        Orders.awaitStatus(orderId, "CONFIRMED");
        assertThat(EventFlowTest.stock("SKU-79")).isEqualTo(1_000_000 - 5);
        assertThat(Streams.length(DLQ)).isZero();
        await().untilAsserted(() -> assertThat(EventFlowTest.eventTypes("order-stream", orderId))
                .as("other groups never see the replay").containsExactly("OrderCreated", "OrderConfirmed"));
        await().untilAsserted(() -> assertThat(Streams.pending("order-stream:inventory-service:replay", "inventory-service")).isZero());
    }

    @Test
    @Order(5)
    void replayingAnEventProcessedMeanwhileChangesNothing() {
        Map<String, String> created = Streams.about("order-stream", orderId).get(0);
        Streams.add(DLQ, Map.of("payload", created.get("payload"), "event_type", "OrderCreated",
                "event_id", created.get("event_id"), "original_stream", "order-stream", "original_id", "1-1",
                "group", "inventory-service", "error_class", "x", "error_message", "y", "attempts", "4",
                "failed_at", "2026-11-24T00:00:00Z"));
        String id = Streams.entries(DLQ).get(0).getId();

        assertThat(Http.post("/admin/dead-letters/" + DLQ + "/replay", null, "", "Authorization", AUTH).statusCode()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(Streams.pending("order-stream:inventory-service:replay", "inventory-service")).isZero());
        await().untilAsserted(() -> assertThat(Streams.length("order-stream:inventory-service:replay")).isEqualTo(2));
        assertThat(EventFlowTest.stock("SKU-79")).isEqualTo(1_000_000 - 5);
        assertThat(db().count("SELECT count(*) FROM inventory.outbox WHERE aggregate_id = ?", orderId)).isOne();
        assertThat(Http.get("/admin/dead-letters/" + DLQ + "/" + id, "Authorization", AUTH).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void deletesADeadLetter() {
        Streams.add(DLQ, Map.of("payload", "{}", "original_stream", "order-stream", "original_id", "2-2", "group", "inventory-service"));
        String id = Streams.entries(DLQ).get(0).getId();

        assertThat(Http.send(java.net.http.HttpRequest.newBuilder(RealServers.http("/admin/dead-letters/" + DLQ + "/" + id))
                .header("Authorization", AUTH).DELETE().build()).statusCode()).isEqualTo(204);

        assertThat(Streams.length(DLQ)).isZero();
        assertThat(Http.send(java.net.http.HttpRequest.newBuilder(RealServers.http("/admin/dead-letters/" + DLQ + "/" + id))
                .header("Authorization", AUTH).DELETE().build()).statusCode()).isEqualTo(404);
    }

    private static TestDatabase db() {
        return RealServers.database();
    }
}
