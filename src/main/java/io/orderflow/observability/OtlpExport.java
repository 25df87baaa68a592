package io.orderflow.observability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.orderflow.runtime.Redaction;
import io.orderflow.runtime.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK behind camel-opentelemetry2 when {@code orderflow.otlp.enabled}: spans go in batches, in the
 * background, to an OTLP/HTTP collector. A collector that is down costs a logged export failure, never a request.
 * Nothing of this exists when export is off (the default): no SDK, no tracer, no spans.
 */
final class OtlpExport {

    static final String ENABLED = "orderflow.otlp.enabled";
    static final String ENDPOINT = "orderflow.otlp.endpoint";
    static final String EXCLUDE_PATTERNS = "orderflow.otlp.exclude-patterns";
    static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    /** Where the SDK's tracer and propagators are bound (camel-opentelemetry2 finds them by type). */
    static final String TRACER = "openTelemetryTracer";
    static final String PROPAGATORS = "openTelemetryPropagators";

    private static final Logger LOG = LoggerFactory.getLogger(OtlpExport.class);

    private OtlpExport() {
    }

    /**
     * Builds the SDK, binds its tracer and propagators where camel-opentelemetry2 looks for them, and starts
     * camel-opentelemetry2's tracer (a span per route and per endpoint call, continuing incoming {@code traceparent}s).
     */
    static void start(CamelContext context, Settings settings) {
        String endpoint = settings.get(ENDPOINT, DEFAULT_ENDPOINT);
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(5))
                .build();
        Attributes service = settings.get("orderflow.instance-id")
                .map(id -> Attributes.of(AttributeKey.stringKey("service.name"), "orderflow",
                        AttributeKey.stringKey("service.instance.id"), id))
                .orElse(Attributes.of(AttributeKey.stringKey("service.name"), "orderflow"));
        SdkTracerProvider tracers = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(service)))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracers)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        context.getRegistry().bind(TRACER, sdk.getTracer("orderflow"));
        context.getRegistry().bind(PROPAGATORS, sdk.getPropagators());
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    // flushes the spans still queued
                    sdk.shutdown().join(10, TimeUnit.SECONDS);
                }

                @Override
                public String toString() {
                    return "otlp-export";
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot manage the OpenTelemetry SDK", e);
        }
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setExcludePatterns(settings.get(EXCLUDE_PATTERNS, null));
        tracer.init(context);
        LOG.info("Exporting spans over OTLP/HTTP to {}", Redaction.url(endpoint));
    }
}
