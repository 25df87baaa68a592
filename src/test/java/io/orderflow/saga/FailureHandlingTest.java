package io.orderflow.saga;

import java.util.Map;

import io.lettuce.core.StreamMessage;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer whose handler fails: retried with backoff, then dead-lettered with the contract's fields and
 * acknowledged. The failures are real: PostgreSQL triggers raise while reserving chosen SKUs, counting every
 * attempt in a sequence (sequences ignore rollbacks).
 */
@TestProperties({"camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms",
        "orderflow.consumers.retry-delay=50"})
class FailureHandlingTest extends OrderflowTestSupport {

    private static final String FLAKY_SKU = "SKU-77";
    private static final String BROKEN_SKU = "SKU-78";

    @BeforeEach
    void installFaults() {
        db().execute("CREATE SEQUENCE IF NOT EXISTS public.flaky_attempts");
        db().execute("CREATE SEQUENCE IF NOT EXISTS public.broken_attempts");
        db().execute("""
                CREATE OR REPLACE FUNCTION public.faulty_reservation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.sku = 'SKU-77' AND nextval('public.flaky_attempts') <= 2 THEN
                        RAISE EXCEPTION 'flaky reservation (attempt %)', currval('public.flaky_attempts');
                    END IF;
                    IF NEW.sku = 'SKU-78' THEN
                        RAISE EXCEPTION 'broken reservation (attempt %)', nextval('public.broken_attempts');
                    END IF;
                    RETURN NEW;
                END $$""");
        db().execute("DROP TRIGGER IF EXISTS faulty_reservation ON inventory.reservations");
        db().execute("CREATE TRIGGER faulty_reservation BEFORE INSERT ON inventory.reservations "
                + "FOR EACH ROW EXECUTE FUNCTION public.faulty_reservation()");
    }

    @AfterAll
    void removeFaults() {
        db().execute("DROP TRIGGER IF EXISTS faulty_reservation ON inventory.reservations");
    }

    @Test
    void aHandlerFailingTwiceThenSucceedingProcessesTheEventOnceWithoutDeadLetter() {
        String id = Orders.place(order(FLAKY_SKU));

        Orders.awaitStatus(id, "CONFIRMED");

        // the batch transaction, the event's first own attempt, then its first retry succeeds
        assertThat(db().count("SELECT last_value FROM public.flaky_attempts")).isEqualTo(3);
        assertThat(EventFlowTest.stock(FLAKY_SKU)).isEqualTo(1_000_000 - 2);
        assertThat(db().count("SELECT count(*) FROM inventory.outbox WHERE aggregate_id = ?", id)).isOne();
        assertThat(Streams.entries(EventFlowTest.INVENTORY_DLQ)).noneMatch(e -> id.equals(aggregateOf(e)));
    }

    @Test
    void aHandlerAlwaysFailingIsDeadLetteredAfterOnePlusThreeAttemptsWithEveryField() {
        String id = Orders.place(order(BROKEN_SKU));

        await().untilAsserted(() -> assertThat(Streams.entries(EventFlowTest.INVENTORY_DLQ))
                .anyMatch(e -> id.equals(aggregateOf(e))));

        StreamMessage<String, String> letter = Streams.entries(EventFlowTest.INVENTORY_DLQ).stream()
                .filter(e -> id.equals(aggregateOf(e))).findFirst().orElseThrow();
        StreamMessage<String, String> original = Streams.entries(EventFlowTest.ORDER_STREAM).stream()
                .filter(e -> id.equals(e.getBody().get("aggregate_id"))).findFirst().orElseThrow();
        Map<String, String> fields = letter.getBody();
        assertThat(fields.get("payload")).isEqualTo(original.getBody().get("payload"));
        assertThat(fields).containsEntry("original_stream", "order-stream")
                .containsEntry("original_id", original.getId())
                .containsEntry("group", "inventory-service")
                .containsEntry("event_type", "OrderCreated")
                .containsEntry("event_id", original.getBody().get("event_id"))
                .containsEntry("traceparent", original.getBody().get("traceparent"))
                .containsEntry("attempts", "4")
                .containsKeys("consumer", "error_class", "error_message", "failed_at");
        assertThat(fields.get("error_message")).contains("broken reservation");
        assertThat(fields.get("failed_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        // one try within the read's batch transaction, then 1 + 3 attempts of the event on its own
        assertThat(db().count("SELECT last_value FROM public.broken_attempts")).isEqualTo(5);
        await().untilAsserted(() -> assertThat(Streams.pending(EventFlowTest.ORDER_STREAM, "inventory-service")).isZero());
        assertThat(Orders.status(id)).isEqualTo("PENDING");
        assertThat(EventFlowTest.stock(BROKEN_SKU)).isEqualTo(1_000_000);
        assertThat(db().count("SELECT count(*) FROM inventory.reservations WHERE order_id = ?", id)).isZero();
    }

    private static String order(String sku) {
        return "{\"customer_id\": \"faults\", \"total_amount\": 1, \"items\": [{\"sku\": \"" + sku + "\", \"quantity\": 2}]}";
    }

    private static String aggregateOf(StreamMessage<String, String> letter) {
        String payload = letter.getBody().get("payload");
        return payload == null || payload.isEmpty() ? null : Http.json(payload).path("aggregate_id").asText(null);
    }

    private static TestDatabase db() {
        return RealServers.database();
    }
}
