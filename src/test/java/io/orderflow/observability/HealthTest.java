package io.orderflow.observability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.PrivateRedis;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows PostgreSQL, Redis and the consumer routes, and comes back by itself; liveness stays UP through a
 * dependency outage, since a restart would not bring the dependency back. The body names the check that failed.
 */
@PrivateRedis
@TestProperties({"orderflow.observability.refresh-interval=200ms", "orderflow.observability.timeout=1s",
        "orderflow.db.connection-timeout=700ms", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms"})
class HealthTest extends OrderflowTestSupport {

    private static CapturedLogs logs;

    @EndpointInject("direct:observability-test")
    ProducerTemplate template;

    @BeforeAll
    static void captureLogs() {
        logs = CapturedLogs.install();
    }

    @AfterAll
    static void stopCapturing() {
        logs.close();
    }

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Http.get("/observe/health/ready").statusCode())
                .as(Http.get("/observe/health/ready").body()).isEqualTo(200));
    }

    @Test
    void readinessIsDownWhileRedisIsStoppedAndUpOnceItIsBackWhileLivenessStaysUp() {
        // an order first, so consumer threads have handled exchanges before the outage
        Orders.awaitStatus(Orders.place("{\"customer_id\": \"health\", \"total_amount\": 1}"), "CONFIRMED");
        RealServers.classRedis().stop();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> ready = Http.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(downChecks(ready)).contains("redis", "consumer:inventory-reservation", "consumer:order-saga");
                assertThat(message(ready, "redis")).contains("Redis at 127.0.0.1:").contains("does not answer");
                assertThat(Http.get("/observe/health").statusCode()).isEqualTo(503);
            });
            assertThat(Http.get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            RealServers.classRedis().startAgain();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Http.get("/observe/health/ready").statusCode()).isEqualTo(200));
        assertThat(Http.get("/observe/health/live").statusCode()).isEqualTo(200);
        // lines logged outside any exchange (the readers noticing the outage) carry no order's trace
        assertThat(logs.matching(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                        && e.getLoggerName().startsWith("io.orderflow.stream")))
                .isNotEmpty()
                .allSatisfy(HealthTest::hasNoTraceKeys);
    }

    @Test
    void readinessIsDownWhilePostgresRefusesConnectionsAndUpOnceItAcceptsThemWhileLivenessStaysUp() {
        String name = databaseName();
        TestDatabase admin = admin();
        try {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", name);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> ready = Http.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(downChecks(ready)).contains("postgresql");
                assertThat(message(ready, "postgresql")).contains("PostgreSQL at ").contains("does not answer");
            });
            assertThat(Http.get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Http.get("/observe/health/ready").statusCode()).isEqualTo(200));
        assertThat(Http.get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedConsumerRouteMakesTheProcessUnreadyUntilItRunsAgain() throws Exception {
        template.getCamelContext().getRouteController().stopRoute("order-saga");
        try {
            HttpResponse<String> ready = Http.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(downChecks(ready)).contains("consumer:order-saga");
        } finally {
            template.getCamelContext().getRouteController().startRoute("order-saga");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Http.get("/observe/health/ready").statusCode()).isEqualTo(200));
    }

    @Test
    void theFullExposureListsTheDependencyChecksAsReadinessOnly() {
        JsonNode health = Http.json(Http.get("/observe/health/ready?exposureLevel=full"));
        assertThat(names(health)).contains("postgresql", "redis");

        JsonNode live = Http.json(Http.get("/observe/health/live?exposureLevel=full"));
        assertThat(names(live)).doesNotContain("postgresql", "redis");
    }

    private static void hasNoTraceKeys(ILoggingEvent event) {
        assertThat(event.getMDCPropertyMap()).as(event.getFormattedMessage())
                .doesNotContainKeys(LogContext.TRACE_ID, LogContext.ORDER_ID, LogContext.EVENT_ID);
    }

    private static List<String> downChecks(HttpResponse<String> response) {
        JsonNode body = Http.json(response);
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        List<String> down = new ArrayList<>();
        body.get("checks").forEach(check -> {
            if ("DOWN".equals(check.get("status").asText())) {
                down.add(check.get("name").asText());
            }
        });
        return down;
    }

    private static List<String> names(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.get("checks").forEach(check -> names.add(check.get("name").asText()));
        return names;
    }

    private static String message(HttpResponse<String> response, String check) {
        for (JsonNode node : Http.json(response).get("checks")) {
            if (check.equals(node.get("name").asText())) {
                return node.path("message").asText();
            }
        }
        throw new AssertionError("No check " + check + " in " + response.body());
    }

    private static TestDatabase db() {
        return RealServers.database();
    }

    private static String databaseName() {
        String url = db().url();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static TestDatabase admin() {
        return new TestDatabase(db().url().replace("/" + databaseName(), "/postgres"), db().user(), db().password());
    }
}
