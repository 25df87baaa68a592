package io.orderflow.observability;

import java.net.http.HttpResponse;
import java.util.List;


import ch.qos.logback.classic.spi.ILoggingEvent;
import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.Orders;
import io.orderflow.support.TestProperties;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelTracingService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happened to order X, from the logs: one trace id on the HTTP line, on the relay's line for every event of the
 * saga and on every consumer's line, each also naming the order; the traceparent of the request is honoured, and a
 * request without one starts a trace of its own.
 */
@TestProperties({"camel.component.redis-streams.configuration.block=200", "orderflow.relay.poll-interval=200ms"})
class TraceLogTest extends OrderflowTestSupport {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

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

    @Test
    void everyLineOfAnOrdersSagaCarriesTheTraceIdOfItsRequest() {
        HttpResponse<String> created = Http.postJson("/orders",
                "{\"customer_id\": \"traced\", \"total_amount\": 5, \"items\": [{\"sku\": \"SKU-3\", \"quantity\": 1}]}",
                "traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01");
        assertThat(created.statusCode()).isEqualTo(201);
        String order = Http.json(created).get("id").asText();
        Orders.awaitStatus(order, "CONFIRMED");

        await().untilAsserted(() -> assertThat(consumerLines(TRACE)).hasSize(3));
        ILoggingEvent http = single(logs.matching(CapturedLogs.logger("orderflow.flow.http")
                .and(CapturedLogs.mdc("trace_id", TRACE)).and(e -> e.getFormattedMessage().contains("method=POST"))));
        assertThat(http.getFormattedMessage()).contains("path=/orders", "status=201");
        assertThat(http.getMDCPropertyMap()).containsEntry("order_id", order).doesNotContainEntry("span_id", CALLER_SPAN);
        String serverSpan = http.getMDCPropertyMap().get("span_id");

        List<ILoggingEvent> relay = logs.matching(CapturedLogs.logger("orderflow.flow.relay")
                .and(CapturedLogs.mdc("trace_id", TRACE)));
        assertThat(relay).extracting(e -> e.getMDCPropertyMap().get("stream") + " " + eventType(e))
                .containsExactlyInAnyOrder("order-stream OrderCreated", "inventory-stream InventoryReserved",
                        "order-stream OrderConfirmed");
        assertThat(relay).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("order_id", order)
                .containsKey("event_id"));
        // OrderCreated was written by the request's span
        assertThat(relayLine(relay, "OrderCreated").getMDCPropertyMap()).containsEntry("span_id", serverSpan);

        List<ILoggingEvent> consumers = consumerLines(TRACE);
        // taken in a batch read ("in a batch of n"), or one by one with its outcome
        assertThat(consumers).extracting(e -> e.getMDCPropertyMap().get("camel.routeId").replace("-event", "") + " "
                        + e.getFormattedMessage().replaceAll("^(Handled \\w+) .*", "$1"))
                .containsExactlyInAnyOrder("inventory-reservation Handled OrderCreated",
                        "order-saga Handled InventoryReserved", "inventory-reservation Handled OrderConfirmed");
        assertThat(consumers).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("order_id", order)
                .containsKeys("event_id", "stream", "group", "span_id"));
        // the reply was written in the inventory consumer's span: the saga's trace is one tree
        ILoggingEvent reservation = consumers.stream().filter(e -> e.getFormattedMessage().contains("OrderCreated"))
                .findFirst().orElseThrow();
        assertThat(relayLine(relay, "InventoryReserved").getMDCPropertyMap().get("span_id"))
                .isEqualTo(reservation.getMDCPropertyMap().get("span_id"));

        // nothing logged about this order left its trace behind (GET /orders/{id} requests are traces of their own)
        assertThat(logs.matching(CapturedLogs.mdc("order_id", order).and(e -> !e.getFormattedMessage().contains("method=GET"))))
                .hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", TRACE));
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceThatTheSagaContinues() {
        String order = Orders.place("{\"customer_id\": \"untraced\", \"total_amount\": 2}");
        Orders.awaitStatus(order, "CONFIRMED");

        ILoggingEvent http = single(logs.matching(CapturedLogs.logger("orderflow.flow.http")
                .and(CapturedLogs.mdc("order_id", order)).and(e -> e.getFormattedMessage().contains("method=POST"))));
        String trace = http.getMDCPropertyMap().get("trace_id");
        assertThat(trace).matches("[0-9a-f]{32}").isNotEqualTo(TRACE);
        await().untilAsserted(() -> assertThat(consumerLines(trace)).hasSize(3));
        assertThat(logs.matching(CapturedLogs.logger("orderflow.flow.relay").and(CapturedLogs.mdc("order_id", order))))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", trace));
    }

    @Test
    void spanExportIsOffByDefault() {
        assertThat(template.getCamelContext().hasService(CamelTracingService.class)).isNull();
        assertThat(template.getCamelContext().getRegistry().lookupByName("openTelemetryTracer")).isNull();
    }

    private static List<ILoggingEvent> consumerLines(String trace) {
        return logs.matching(CapturedLogs.logger("orderflow.flow.consumer").and(CapturedLogs.mdc("trace_id", trace)));
    }

    private static ILoggingEvent relayLine(List<ILoggingEvent> relay, String eventType) {
        return relay.stream().filter(e -> eventType.equals(eventType(e))).findFirst().orElseThrow();
    }

    private static String eventType(ILoggingEvent event) {
        return event.getFormattedMessage().replaceAll(".*event_type=(\\w+).*", "$1");
    }

    private static ILoggingEvent single(List<ILoggingEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

}
