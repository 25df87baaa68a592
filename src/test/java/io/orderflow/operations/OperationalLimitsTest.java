package io.orderflow.operations;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits an operator sets in application.properties / ORDERFLOW_* reach the servers: HTTP request and idle
 * timeouts on the Vert.x server, statement/lock/idle-in-transaction timeouts on every database session, and the
 * shutdown timeout.
 */
@TestProperties({"orderflow.services=orders", "orderflow.http.request-timeout=400ms", "orderflow.http.idle-timeout=1s",
        "orderflow.db.statement-timeout=7s", "orderflow.db.lock-timeout=3s", "orderflow.db.idle-in-transaction-timeout=20s",
        "orderflow.shutdown-timeout=12s"})
class OperationalLimitsTest extends OrderflowTestSupport {

    @EndpointInject("direct:unused")
    ProducerTemplate producer;

    @Test
    void aRequestNotAnsweredInTimeGets503ProblemJson() throws Exception {
        CamelContext camel = producer.getCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/slow").routeId("slow").delay(3000).setBody(constant("too late"));
            }
        });

        long started = System.nanoTime();
        HttpResponse<String> response = Http.get("/slow");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(response).get("detail").asText()).contains("400ms");
        assertThat(millis).isLessThan(2500);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RealServers.httpPort())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(500L, 5000L);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RealServers.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /observe/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read = in.read(buffer);
            assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            long idleSince = System.nanoTime();
            while (read >= 0) {
                read = in.read(buffer);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince)).isBetween(500L, 5000L);
        }
    }

    @Test
    void everyDatabaseSessionHasTheConfiguredTimeouts() throws Exception {
        DataSource dataSource = producer.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(setting(statement, "statement_timeout")).isEqualTo("7s");
            assertThat(setting(statement, "lock_timeout")).isEqualTo("3s");
            assertThat(setting(statement, "idle_in_transaction_session_timeout")).isEqualTo("20s");
            connection.rollback();
        }
    }

    @Test
    void theShutdownTimeoutComesFromOrderflowSettings() {
        var shutdown = producer.getCamelContext().getShutdownStrategy();
        assertThat(Duration.ofMillis(shutdown.getTimeUnit().toMillis(shutdown.getTimeout()))).isEqualTo(Duration.ofSeconds(12));
    }

    private static String setting(Statement statement, String name) throws Exception {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
