package io.orderflow.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Consumer spans for the entries of a batch read, when OTLP export is on: each a child of its entry's
 * {@code traceparent}, ended when the batch exchange completes (its entries are acknowledged then).
 */
final class EntrySpans {

    private static final EntrySpans OFF = new EntrySpans(null, null, null);
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TraceContext.HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return TraceContext.HEADER.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final ContextPropagators propagators;
    private final List<Span> started;

    private EntrySpans(Tracer tracer, ContextPropagators propagators, List<Span> started) {
        this.tracer = tracer;
        this.propagators = propagators;
        this.started = started;
    }

    /** The spans of {@code batch}'s entries; none when export is off (no tracer bound, see {@link OtlpExport}). */
    static EntrySpans of(Exchange batch) {
        Tracer tracer = batch.getContext().getRegistry().lookupByNameAndType(OtlpExport.TRACER, Tracer.class);
        ContextPropagators propagators = batch.getContext().getRegistry()
                .lookupByNameAndType(OtlpExport.PROPAGATORS, ContextPropagators.class);
        if (tracer == null || propagators == null) {
            return OFF;
        }
        List<Span> started = new ArrayList<>();
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                started.forEach(Span::end);
            }
        });
        return new EntrySpans(tracer, propagators, started);
    }

    /** Starts the consumer span of one entry; empty when export is off. */
    Optional<TraceParent> start(Exchange entry, String traceparent) {
        if (tracer == null) {
            return Optional.empty();
        }
        Context parent = traceparent == null ? Context.root()
                : propagators.getTextMapPropagator().extract(Context.root(), traceparent, TRACEPARENT);
        String stream = entry.getMessage().getHeader("CamelRedisStreamsStream", "", String.class);
        Span span = tracer.spanBuilder(stream + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.destination.name", stream)
                .setAttribute("messaging.consumer.group.name",
                        entry.getMessage().getHeader("CamelRedisStreamsGroup", "", String.class))
                .setAttribute("messaging.message.id", entry.getMessage().getHeader("CamelRedisStreamsEntryId", "", String.class))
                .startSpan();
        started.add(span);
        SpanContext context = span.getSpanContext();
        return Optional.of(new TraceParent(context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()));
    }
}
