package io.orderflow.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.apache.camel.support.SynchronizationAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace keys of an exchange are in the MDC on every thread that runs it, and nowhere after it is done
 * ({@link TraceMdcUnitOfWork} with {@link TraceMdcInterceptStrategy}, as the application installs them; no database or
 * Redis needed: this is about Camel's threads).
 */
class TraceMdcUnitOfWorkTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProducerTemplate template;
    private int attempts;

    @BeforeEach
    void start() throws Exception {
        MDC.clear();
        camel = new DefaultCamelContext();
        camel.setUseMDCLogging(true);
        camel.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new TraceMdcUnitOfWorkFactory());
        camel.getCamelContextExtension().addInterceptStrategy(new TraceMdcInterceptStrategy());
        camel.getRegistry().bind("traceContext", new TraceContext());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:request").to("bean:traceContext?method=fromHttpRequest").process(e -> record());

                from("direct:hop").to("bean:traceContext?method=fromStreamEntry")
                        .threads(1, 1).process(e -> record())
                        .log("after the hop");

                from("direct:plain").threads(1, 1).process(e -> record());

                // a consumer of its own, as the stream consumers are (a ProducerTemplate into direct: completes differently)
                from("seda:completing?pollTimeout=50")
                        .to("bean:traceContext?method=fromHttpRequest")
                        .process(e -> e.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                            @Override
                            public void onComplete(Exchange exchange) {
                                record();
                            }
                        }));

                from("direct:failing")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(0).logStackTrace(false))
                        .to("bean:traceContext?method=fromStreamEntry")
                        .throwException(new IllegalStateException("handler failed"));

                from("direct:retried")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(1).redeliveryDelay(10)
                                .asyncDelayedRedelivery())
                        .to("bean:traceContext?method=fromStreamEntry")
                        .process(e -> {
                            record();
                            if (attempts++ == 0) {
                                throw new IllegalStateException("first attempt fails");
                            }
                        });
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        MDC.clear();
    }

    @Test
    void theKeysAreGoneFromTheCallingThreadOnceTheExchangeIsDone() {
        template.sendBodyAndHeader("direct:request", "x", "traceparent", TRACEPARENT);

        assertThat(seen).singleElement().satisfies(mdc -> assertThat(mdc).containsEntry("trace_id", TRACE));
        assertThat(MDC.get("trace_id")).isNull();
        assertThat(MDC.get("span_id")).isNull();
    }

    @Test
    void whatTheThreadHadBeforeIsRestored() {
        MDC.put("trace_id", "the caller's own");

        template.sendBodyAndHeader("direct:request", "x", "traceparent", TRACEPARENT);

        assertThat(MDC.get("trace_id")).isEqualTo("the caller's own");
    }

    @Test
    void theKeysFollowTheExchangeToAnotherThread() {
        template.sendBodyAndHeaders("direct:hop", "x", Map.of("traceparent", TRACEPARENT, "aggregate_id", "order-1",
                "event_id", "event-1", "CamelRedisStreamsStream", "order-stream", "CamelRedisStreamsGroup", "g"));

        assertThat(seen).singleElement().satisfies(mdc -> {
            assertThat(mdc.get("thread")).isNotEqualTo(Thread.currentThread().getName());
            assertThat(mdc).containsEntry("trace_id", TRACE).containsEntry("order_id", "order-1")
                    .containsEntry("event_id", "event-1").containsEntry("stream", "order-stream")
                    .containsEntry("group", "g").containsKey("span_id");
        });
    }

    @Test
    void aPooledThreadDoesNotCarryOneExchangesKeysIntoTheNext() {
        template.sendBodyAndHeader("direct:hop", "x", "traceparent", TRACEPARENT);
        template.sendBody("direct:plain", "y");

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).containsEntry("trace_id", TRACE);
        assertThat(seen.get(1)).doesNotContainKeys("trace_id", "span_id", "order_id", "event_id");
    }

    @Test
    void aDelayedRedeliveryOnAnotherThreadKeepsTheKeys() {
        template.sendBodyAndHeader("direct:retried", "x", "traceparent", TRACEPARENT);

        assertThat(seen).hasSize(2).allSatisfy(mdc -> assertThat(mdc).containsEntry("trace_id", TRACE));
    }

    @Test
    void whatRunsWhenTheExchangeCompletesCarriesTheKeys() {
        // e.g. the redis-streams consumer acknowledging the entry
        template.sendBodyAndHeader("seda:completing", "x", "traceparent", TRACEPARENT);

        await().untilAsserted(() -> assertThat(seen).singleElement()
                .satisfies(mdc -> assertThat(mdc).containsEntry("trace_id", TRACE)));
    }

    @Test
    void camelsOwnErrorHandlerLinesCarryTheKeys() {
        try (CapturedLogs logs = CapturedLogs.install()) {
            template.send("direct:failing", e -> e.getMessage().setHeader("traceparent", TRACEPARENT));

            assertThat(logs.matching(e -> e.getLoggerName().contains("DefaultErrorHandler")))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", TRACE)
                            .containsKey("span_id"));
        }
        assertThat(MDC.get("trace_id")).isNull();
    }

    @Test
    void beforeTheRouteStartsATraceTheCallersTraceIdIsAlreadyThere() {
        template.sendBodyAndHeader("direct:plain", "x", "traceparent", TRACEPARENT);

        assertThat(seen).singleElement().satisfies(mdc -> assertThat(mdc).containsEntry("trace_id", TRACE)
                .doesNotContainKey("span_id"));
    }

    private void record() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        Map<String, String> mdc = new HashMap<>(context == null ? Map.of() : context);
        mdc.put("thread", Thread.currentThread().getName());
        seen.add(mdc);
    }
}
