package io.orderflow.observability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.TestProperties;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelTracingService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code orderflow.otlp.enabled}, the spans of an order's saga reach an OTLP collector in the trace of the
 * request, with the ids the log lines carry; without a collector, orders are still placed and completed.
 */
@TestProperties({"orderflow.otlp.enabled=true", "camel.component.redis-streams.configuration.block=200",
        "orderflow.relay.poll-interval=200ms", "orderflow.observability.refresh-interval=200ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtlpExportTest extends OrderflowTestSupport {

    private static final String TRACE = "5bf92f3577b34da6a3ce929d0e0e4736";

    private static final List<byte[]> exported = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static CapturedLogs logs;

    @EndpointInject("direct:observability-test")
    ProducerTemplate template;

    @BeforeAll
    static void startCollector() throws IOException {
        logs = CapturedLogs.install();
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", OtlpExportTest::receive);
        collector.start();
        System.setProperty("orderflow.otlp.endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        System.clearProperty("orderflow.otlp.endpoint");
        collector.stop(0);
        logs.close();
    }

    @Test
    @Order(1)
    void theSpansOfAnOrdersSagaReachTheCollectorInTheTraceOfTheRequestAndMatchTheLogs() {
        assertThat(template.getCamelContext().hasService(CamelTracingService.class)).isNotNull();
        HttpResponse<String> created = Http.postJson("/orders", "{\"customer_id\": \"otlp\", \"total_amount\": 1}",
                "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");
        String order = Http.json(created).get("id").asText();
        Orders.awaitStatus(order, "CONFIRMED");

        List<ILoggingEvent> consumers = logs.matching(CapturedLogs.logger("orderflow.flow.consumer")
                .and(CapturedLogs.mdc("order_id", order)));
        await().untilAsserted(() -> assertThat(consumers).isNotEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // the HTTP server span and a consumer span per handled event, at least
            assertThat(occurrences(TRACE)).isGreaterThanOrEqualTo(4);
            // every consumer line names a span that was exported
            for (ILoggingEvent line : logs.matching(CapturedLogs.logger("orderflow.flow.consumer")
                    .and(CapturedLogs.mdc("order_id", order)))) {
                assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", TRACE);
                assertThat(occurrences(line.getMDCPropertyMap().get("span_id"))).as(line.getFormattedMessage())
                        .isPositive();
            }
        });
    }

    @Test
    @Order(2)
    void withoutACollectorOrdersStillCompleteAndTheExportFailureIsLoggedAsAnyOtherLine() {
        collector.stop(0);

        Orders.awaitStatus(Orders.place("{\"customer_id\": \"no-collector\", \"total_amount\": 1}"), "CONFIRMED");

        assertThat(Http.get("/observe/health/ready").statusCode()).isEqualTo(200);
        // the exporter logs through java.util.logging, bridged to the application's log
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logs.matching(
                e -> e.getLoggerName().startsWith("io.opentelemetry.exporter") && e.getLevel().isGreaterOrEqual(Level.WARN)))
                .isNotEmpty());
    }

    private static long occurrences(String hex) {
        byte[] id = HexFormat.of().parseHex(hex);
        long count = 0;
        for (byte[] body : exported) {
            for (int i = 0; i + id.length <= body.length; i++) {
                boolean match = true;
                for (int j = 0; j < id.length && match; j++) {
                    match = body[i + j] == id[j];
                }
                if (match) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void receive(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    gunzip.transferTo(out);
                    bytes = out.toByteArray();
                }
            }
            exported.add(bytes);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }
}
