package io.orderflow.orders;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Which orders are refused with 422 and per-field errors, and how money is normalised. A refused order leaves
 * no trace in the database.
 */
@TestProperties("orderflow.services=orders")
class OrderValidationTest extends OrderflowTestSupport {

    static Stream<Arguments> invalidOrders() {
        String items = "\"items\": [{\"sku\": \"SKU-1\", \"quantity\": 1}]";
        return Stream.of(
                arguments("{\"total_amount\": 1}", List.of("customer_id: is required")),
                arguments("{\"customer_id\": null, \"total_amount\": 1}", List.of("customer_id: is required")),
                arguments("{\"customer_id\": \"  \", \"total_amount\": 1}", List.of("customer_id: must not be blank")),
                arguments("{\"customer_id\": 42, \"total_amount\": 1}", List.of("customer_id: must be a string")),
                arguments("{\"customer_id\": \"" + "x".repeat(129) + "\", \"total_amount\": 1}",
                        List.of("customer_id: must be at most 128 characters")),
                arguments("{\"customer_id\": \"a\\u0000b\", \"total_amount\": 1}",
                        List.of("customer_id: must not contain control characters or unpaired surrogates")),
                arguments("{\"customer_id\": \"a\\ud800\", \"total_amount\": 1}",
                        List.of("customer_id: must not contain control characters or unpaired surrogates")),
                arguments("{\"customer_id\": \"c\"}", List.of("total_amount: is required")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": \"99.90\"}", List.of("total_amount: must be a JSON number")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": true}", List.of("total_amount: must be a JSON number")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": -0.01}", List.of("total_amount: must not be negative")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1.005}",
                        List.of("total_amount: must have at most 2 decimal places")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1e-7}",
                        List.of("total_amount: must have at most 2 decimal places")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 10000000000}",
                        List.of("total_amount: must be at most 9999999999.99")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1e400}",
                        List.of("total_amount: must be at most 9999999999.99")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": {}}", List.of("items: must be an array")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [1]}", List.of("items[0]: must be an object")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"quantity\": 1}]}",
                        List.of("items[0].sku: is required")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\"}]}",
                        List.of("items[0].quantity: is required")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\", \"quantity\": 0}]}",
                        List.of("items[0].quantity: must be at least 1")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\", \"quantity\": -3}]}",
                        List.of("items[0].quantity: must be at least 1")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\", \"quantity\": 2.5}]}",
                        List.of("items[0].quantity: must be a whole number")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\", \"quantity\": \"2\"}]}",
                        List.of("items[0].quantity: must be a whole number")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"S\", \"quantity\": 3000000000}]}",
                        List.of("items[0].quantity: must be at most 2147483647")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"\", \"quantity\": 1}]}",
                        List.of("items[0].sku: must not be blank")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [{\"sku\": \"" + "s".repeat(65)
                        + "\", \"quantity\": 1}]}", List.of("items[0].sku: must be at most 64 characters")),
                arguments("{\"customer_id\": \"c\", \"total_amount\": 1, \"items\": [" + "{\"sku\": \"S\", \"quantity\": 1},".repeat(100)
                        + "{\"sku\": \"S\", \"quantity\": 1}]}", List.of("items: must have at most 100 items")),
                arguments("[{\"customer_id\": \"c\", \"total_amount\": 1}]", List.of("$: must be a JSON object")),
                arguments("{\"customer_id\": \"\", \"total_amount\": \"x\", " + items.replace("1}", "2.5}") + "}",
                        List.of("customer_id: must not be blank", "total_amount: must be a JSON number",
                                "items[0].quantity: must be a whole number")));
    }

    @ParameterizedTest
    @MethodSource("invalidOrders")
    void refusesAnInvalidOrderWith422NamingEveryInvalidFieldAndWritesNothing(String body, List<String> expectedErrors) {
        long rowsBefore = rows();

        HttpResponse<String> response = Http.postJson("/orders", body);

        JsonNode problem = OrdersApiTest.assertProblem(response, 422);
        List<String> errors = new ArrayList<>();
        problem.get("errors").forEach(e -> errors.add(e.get("field").asText() + ": " + e.get("message").asText()));
        assertThat(errors).containsExactlyElementsOf(expectedErrors);
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @ParameterizedTest
    @CsvSource({
            "99.9, 99.90",
            "10, 10.00",
            "1.500, 1.50",
            "0, 0.00",
            "0.01, 0.01",
            "1e2, 100.00",
            "9999999999.99, 9999999999.99"})
    void storesMoneyExactlyWithTwoDecimals(String sent, String stored) {
        HttpResponse<String> response = Http.postJson("/orders", "{\"customer_id\": \"money\", \"total_amount\": " + sent + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"total_amount\":" + stored + ",");
        String id = Http.json(response).get("id").asText();
        assertThat(RealServers.database().single("SELECT total_amount::text FROM orders.orders WHERE id = ?::uuid", id))
                .isEqualTo(stored);
        String payload = (String) RealServers.database().single("SELECT payload FROM orders.outbox WHERE aggregate_id = ?", id);
        assertThat(payload).contains("\"total_amount\":" + stored + ",");
    }

    private static long rows() {
        var db = RealServers.database();
        return db.count("SELECT count(*) FROM orders.orders") + db.count("SELECT count(*) FROM orders.order_items")
                + db.count("SELECT count(*) FROM orders.outbox") + db.count("SELECT count(*) FROM orders.idempotency_keys");
    }
}
