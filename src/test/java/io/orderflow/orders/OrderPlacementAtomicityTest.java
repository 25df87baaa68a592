package io.orderflow.orders;

import java.net.http.HttpResponse;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order and its event commit together or not at all: a real failure of the outbox insert (a trigger
 * that raises inside PostgreSQL) must leave no order, item or key behind.
 */
@TestProperties("orderflow.services=orders")
class OrderPlacementAtomicityTest extends OrderflowTestSupport {

    @AfterEach
    void removeTheFault() {
        db().execute("DROP TRIGGER IF EXISTS refuse_outbox ON orders.outbox");
    }

    @Test
    void whenTheOutboxInsertFailsNoOrderRemainsAndTheClientGetsAProblem() {
        db().execute("""
                CREATE OR REPLACE FUNCTION orders.refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload LIKE '%doomed-customer%' THEN
                        RAISE EXCEPTION 'outbox refuses this event';
                    END IF;
                    RETURN NEW;
                END $$""");
        db().execute("CREATE TRIGGER refuse_outbox BEFORE INSERT ON orders.outbox FOR EACH ROW "
                + "EXECUTE FUNCTION orders.refuse_outbox()");

        HttpResponse<String> response = Http.postJson("/orders",
                "{\"customer_id\": \"doomed-customer\", \"total_amount\": 10, \"items\": [{\"sku\": \"SKU-1\", \"quantity\": 1}]}",
                "Idempotency-Key", "doomed-key");

        OrdersApiTest.assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("outbox refuses");
        assertThat(db().count("SELECT count(*) FROM orders.orders WHERE customer_id = 'doomed-customer'")).isZero();
        assertThat(db().count("SELECT count(*) FROM orders.order_items")).isZero();
        assertThat(db().count("SELECT count(*) FROM orders.idempotency_keys WHERE idempotency_key = 'doomed-key'")).isZero();
        assertThat(db().count("SELECT count(*) FROM orders.outbox")).isZero();
    }

    @Test
    void theSameRequestSucceedsOnceTheCauseIsGone() {
        HttpResponse<String> response = Http.postJson("/orders",
                "{\"customer_id\": \"lucky-customer\", \"total_amount\": 10}", "Idempotency-Key", "lucky-key");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(db().count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?",
                Http.json(response).get("id").asText())).isOne();
    }

    private static TestDatabase db() {
        return RealServers.database();
    }
}
