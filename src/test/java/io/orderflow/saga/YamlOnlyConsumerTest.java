package io.orderflow.saga;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A third consumer added in YAML only (examples/notification-log.camel.yaml dropped into the routes directory):
 * it gets its own group, the shared retries and dead-lettering, and skips events it has processed.
 */
@TestProperties({"orderflow.routes.dir=target/test-routes/yaml-only-consumer",
        "camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms"})
class YamlOnlyConsumerTest extends OrderflowTestSupport {

    static {
        try {
            Path dir = Files.createDirectories(Path.of("target/test-routes/yaml-only-consumer"));
            Files.copy(Path.of("examples/notification-log.camel.yaml"), dir.resolve("notification-log.camel.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theAddOnConsumerProcessesEveryOrderEventOnceInItsOwnGroup() {
        String id = Orders.place("{\"customer_id\": \"yaml\", \"total_amount\": 1}");
        Orders.awaitStatus(id, "CONFIRMED");

        await().untilAsserted(() -> assertThat(processed()).isEqualTo(2));
        Map<String, String> created = Streams.about("order-stream", id).get(0);
        Streams.add("order-stream", created);

        await().untilAsserted(() -> assertThat(Streams.pending("order-stream", "notification-log")).isZero());
        assertThat(RealServers.redis().xinfoGroups("order-stream").toString()).contains("notification-log");
        assertThat(processed()).isEqualTo(2);
        assertThat(RealServers.database().count("SELECT count(*) FROM consumers.processed_events WHERE consumer_key = ?",
                "notification-log/" + created.get("event_id"))).isOne();
    }

    private static long processed() {
        return RealServers.database().count("SELECT count(*) FROM consumers.processed_events");
    }
}
