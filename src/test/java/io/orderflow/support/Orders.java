package io.orderflow.support;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Places orders through the HTTP API and waits for the saga to finish them.
 */
public final class Orders {

    private Orders() {
    }

    /** Places an order and returns its id. */
    public static String place(String json) {
        HttpResponse<String> response = Http.postJson("/orders", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response).get("id").asText();
    }

    public static String status(String id) {
        return Http.json(Http.get("/orders/" + id)).get("status").asText();
    }

    /** Waits until the order has the given status (the saga's two hops, through real Redis). */
    public static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(id)).isEqualTo(status));
    }
}
