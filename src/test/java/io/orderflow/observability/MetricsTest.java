package io.orderflow.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * /observe/metrics as an operator scrapes it: an order moves the counters it should, a stopped relay or consumer shows
 * up in the backlog and lag gauges, dead letters are counted, and the whole scrape passes {@code promtool}.
 */
@TestProperties({"orderflow.observability.refresh-interval=200ms", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms", "orderflow.consumers.retry-delay=20"})
class MetricsTest extends OrderflowTestSupport {

    private static final String ORDER = "{\"customer_id\": \"metrics\", \"total_amount\": 3, \"items\": [{\"sku\": \"SKU-7\", \"quantity\": 1}]}";
    private static final String INVENTORY_GROUP = "inventory-service";
    private static final String ORDER_GROUP = "order-service";

    @EndpointInject("direct:observability-test")
    ProducerTemplate template;

    @BeforeEach
    void consumersAreMeasured() {
        // the stream meters of a group exist once its consumer has started and the refresher has seen it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.take();
            assertThat(scrape.value("orderflow_stream_lag", "stream", "order-stream", "group", INVENTORY_GROUP)).isZero();
            assertThat(scrape.value("orderflow_stream_lag", "stream", "inventory-stream", "group", ORDER_GROUP)).isZero();
            assertThat(scrape.value("orderflow_outbox_backlog", "outbox", "order")).isZero();
        });
    }

    @Test
    void anOrderMovesTheOrderHttpOutboxStreamAndSagaMeters() {
        PrometheusScrape before = PrometheusScrape.take();

        String id = Orders.place(ORDER);
        Orders.awaitStatus(id, "CONFIRMED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.take();
            assertThat(delta(before, after, "orderflow_orders_total")).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_http_requests_seconds_count",
                    "route", "orders-create", "method", "POST", "status", "201")).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_http_requests_seconds_bucket",
                    "route", "orders-create", "status", "201", "le", "+Inf")).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_http_requests_seconds_count",
                    "route", "orders-get", "method", "GET", "status", "200")).isPositive();
            // OrderCreated and OrderConfirmed, InventoryReserved
            assertThat(delta(before, after, "orderflow_outbox_published_total", "outbox", "order", "stream", "order-stream"))
                    .isEqualTo(2);
            assertThat(delta(before, after, "orderflow_outbox_published_total",
                    "outbox", "inventory", "stream", "inventory-stream")).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_stream_entries_processed_total",
                    "stream", "order-stream", "group", INVENTORY_GROUP)).isEqualTo(2);
            assertThat(delta(before, after, "orderflow_stream_entries_acked_total",
                    "stream", "order-stream", "group", INVENTORY_GROUP)).isEqualTo(2);
            assertThat(delta(before, after, "orderflow_stream_entries_processed_total",
                    "stream", "inventory-stream", "group", ORDER_GROUP)).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_saga_completed_total", "status", "CONFIRMED", "cause", "inventory"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "orderflow_saga_duration_seconds_count", "status", "CONFIRMED")).isEqualTo(1);
            assertThat(delta(before, after, "orderflow_saga_duration_seconds_bucket", "status", "CONFIRMED", "le", "+Inf"))
                    .isEqualTo(1);
            assertThat(after.value("orderflow_outbox_backlog", "outbox", "order")).isZero();
            assertThat(after.value("orderflow_outbox_backlog", "outbox", "inventory")).isZero();
            assertThat(after.value("orderflow_saga_pending")).isZero();
            assertThat(after.value("orderflow_stream_pending", "stream", "order-stream", "group", INVENTORY_GROUP)).isZero();
            assertThat(after.value("orderflow_stream_lag", "stream", "inventory-stream", "group", ORDER_GROUP)).isZero();
        });
    }

    @Test
    void aStoppedRelayShowsInTheOutboxBacklogAndAStoppedConsumerInItsGroupsLag() throws Exception {
        CamelContext camel = template.getCamelContext();
        camel.getRouteController().stopRoute("order-outbox-relay");
        String id = Orders.place(ORDER);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.take();
            assertThat(scrape.value("orderflow_outbox_backlog", "outbox", "order", "stream", "order-stream")).isEqualTo(1);
            assertThat(scrape.value("orderflow_outbox_oldest_age_seconds", "outbox", "order")).isPositive();
            assertThat(scrape.value("orderflow_saga_pending")).isEqualTo(1);
            assertThat(scrape.value("orderflow_saga_pending_oldest_age_seconds")).isPositive();
        });

        camel.getRouteController().stopRoute("inventory-reservation");
        camel.getRouteController().startRoute("order-outbox-relay");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.take();
            assertThat(scrape.value("orderflow_outbox_backlog", "outbox", "order")).isZero();
            // Redis 6.2 reports no lag: counted from the group's last-delivered-id
            assertThat(scrape.value("orderflow_stream_lag", "stream", "order-stream", "group", INVENTORY_GROUP)).isEqualTo(1);
            assertThat(scrape.value("orderflow_stream_lag_seconds", "stream", "order-stream", "group", INVENTORY_GROUP))
                    .isPositive();
        });

        camel.getRouteController().startRoute("inventory-reservation");
        Orders.awaitStatus(id, "CONFIRMED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.take();
            assertThat(scrape.value("orderflow_stream_lag", "stream", "order-stream", "group", INVENTORY_GROUP)).isZero();
            assertThat(scrape.value("orderflow_stream_lag_seconds", "stream", "order-stream", "group", INVENTORY_GROUP))
                    .isZero();
            assertThat(scrape.value("orderflow_saga_pending")).isZero();
        });
    }

    @Test
    void aPoisonEntryIsCountedAsDeadLetteredAndShowsInTheDeadLetterStreamLength() {
        PrometheusScrape before = PrometheusScrape.take();

        Streams.add("order-stream", Map.of("payload", "not json", "event_type", "OrderCreated",
                "event_id", UUID.randomUUID().toString()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.take();
            assertThat(delta(before, after, "orderflow_stream_dead_lettered_total",
                    "stream", "order-stream", "group", INVENTORY_GROUP, "reason", "error")).isEqualTo(1);
            assertThat(after.value("orderflow_stream_dead_letter_length", "stream", "order-stream", "group", INVENTORY_GROUP))
                    .isEqualTo(Streams.length("order-stream:inventory-service:dlq")).isPositive();
        });
    }

    @Test
    void ordersCreatedAppearsAsACounterNamedOrderflowOrdersTotal() {
        String text = PrometheusScrape.take().text();

        // the Prometheus client reserves the _created suffix (OpenMetrics creation timestamps) and drops it
        assertThat(text).contains("# TYPE orderflow_orders_total counter")
                .contains("# HELP orderflow_orders_total Orders created by POST /orders");
        assertThat(text.lines().filter(l -> l.contains("orderflow_orders_created"))).isEmpty();
    }

    @Test
    void theScrapeHasJvmAndCamelMetricsWithSnakeCaseLabels() {
        PrometheusScrape scrape = PrometheusScrape.take();

        assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
        assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
        assertThat(scrape.has("process_cpu_usage")).isTrue();
        assertThat(scrape.has("camel_exchanges_total", "route_id", "orders-create")).isTrue();
        assertThat(scrape.text()).doesNotContain("routeId=").doesNotContain("camelContext=");
    }

    @Test
    void aRealScrapePassesPromtool() throws Exception {
        Orders.awaitStatus(Orders.place(ORDER), "CONFIRMED");
        Path promtool = Path.of("/usr/bin/promtool");
        String required = System.getenv("ORDERFLOW_REQUIRE_PROMTOOL");
        if (!"true".equals(required)) {
            assumeThat(Files.isExecutable(promtool) || onPath("promtool"))
                    .as("promtool is not installed (Debian package prometheus); set ORDERFLOW_REQUIRE_PROMTOOL=true to fail "
                            + "instead of skipping")
                    .isTrue();
        }
        // kept in the build directory: .ci/run checks it again
        Path scrape = Path.of("target", "observe-metrics.prom");
        Files.createDirectories(scrape.getParent());
        Files.writeString(scrape, PrometheusScrape.take().text());

        Process check = new ProcessBuilder("promtool", "check", "metrics")
                .redirectInput(scrape.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics:\n" + output).isZero();
    }

    @Test
    void scrapingDoesNotAskRedisMoreOftenThanTheRefreshInterval() {
        long before = evalCalls();
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            PrometheusScrape.take();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // one script call per 200 ms refresh, whatever the scrapes (slack: the calls in flight at either end, and the
        // stream consumer's own keep-alive script)
        assertThat(evalCalls() - before).isLessThanOrEqualTo(elapsedMillis / 200 + 4).isLessThan(50);
    }

    private static long evalCalls() {
        String stats = RealServers.redis().info("commandstats");
        return stats.lines().filter(l -> l.startsWith("cmdstat_eval:"))
                .map(l -> Long.parseLong(l.replaceAll(".*calls=(\\d+).*", "$1")))
                .findFirst().orElse(0L);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.valueOrZero(name, labels);
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
