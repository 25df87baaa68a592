package io.orderflow.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.orderflow.runtime.EmbeddedRedisServer;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No password, token or URL with credentials is ever logged: not at start (Camel's summary of the properties it used),
 * not for an order, not for an admin call, not while Redis is away and back.
 */
@TestProperties({"orderflow.db.password=pg-Secret-4711", "orderflow.admin.token=admin-Secret-4711",
        "orderflow.observability.refresh-interval=200ms", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms"})
class SecretsStayOutOfLogsTest extends OrderflowTestSupport {

    private static final String REDIS_PASSWORD = "redis-Secret-4711";
    private static final List<String> SECRETS = List.of(REDIS_PASSWORD, "pg-Secret-4711", "admin-Secret-4711");

    private static EmbeddedRedisServer redis;
    private static CapturedLogs logs;

    @BeforeAll
    static void redisWithAPassword() throws IOException {
        logs = CapturedLogs.install();
        redis = EmbeddedRedisServer.start(Files.createTempDirectory("orderflow-secret-redis"), RealServers.freePort(),
                REDIS_PASSWORD);
        // read by the application instead of the test Redis RealServers published (which clears the key afterwards)
        System.setProperty("orderflow.redis.url", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port());
    }

    @AfterAll
    static void stop() {
        logs.close();
        redis.close();
    }

    @Test
    void noSecretIsLoggedAtStartForAnOrderForAnAdminCallOrDuringARedisOutage() {
        Orders.awaitStatus(Orders.place("{\"customer_id\": \"secrets\", \"total_amount\": 1}"), "CONFIRMED");
        assertThat(Http.get("/admin/dead-letters", "Authorization", "Bearer admin-Secret-4711").statusCode()).isEqualTo(200);
        assertThat(Http.get("/admin/dead-letters", "Authorization", "Bearer admin-Secret-4711x").statusCode()).isEqualTo(401);
        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Http.get("/observe/health/ready").statusCode() == 503);
        } finally {
            redis.startAgain();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get("/observe/health/ready").statusCode() == 200);

        List<ILoggingEvent> events = logs.events();
        for (ILoggingEvent event : events) {
            String text = everything(event);
            for (String secret : SECRETS) {
                assertThat(text).as("%s line of %s", event.getLevel(), event.getLoggerName()).doesNotContain(secret);
            }
        }
        // the lines that would have carried them were there
        assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("orderflow.redis.url = xxxxxx"));
        assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("does not answer"));
    }

    /** The line as any appender could write it: message, arguments, MDC, exception with causes and stack. */
    private static String everything(ILoggingEvent event) {
        List<String> parts = new ArrayList<>();
        parts.add(event.getFormattedMessage());
        parts.add(event.getMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                parts.add(String.valueOf(argument));
            }
        }
        parts.add(event.getMDCPropertyMap().toString());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            parts.add(t.getClassName() + ": " + t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                parts.add(frame.getSTEAsString());
            }
        }
        return String.join("\n", parts);
    }
}
