package io.orderflow.observability;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Puts an exchange into a trace: the caller's W3C {@code traceparent} continued with a span of ours, or a new
 * trace. The result replaces the {@code traceparent} header, so whatever the route writes (outbox rows) carries
 * it on, and becomes the exchange's {@link LogContext}, so every log line of the exchange carries the trace id.
 * <p>
 * With OTLP export on, camel-opentelemetry2 has already started the route's span (as a child of the same
 * {@code traceparent}) and made it current: that span is used, so log lines, outbox rows and exported spans agree.
 */
public final class TraceContext {

    public static final String HEADER = "traceparent";
    /** Set on an entry's exchange by the single-event path, which logs the entry's line itself. */
    static final String ROUTED_ONE_BY_ONE = "OrderflowEntryRoutedOneByOne";

    /**
     * Begins the consumer span of a stream entry, as a child of the span that wrote the event (the entry's
     * {@code traceparent} field), so replies and log lines stay in the order's trace.
     */
    public void fromStreamEntry(Exchange exchange) {
        exchange.setProperty(ROUTED_ONE_BY_ONE, true);
        enter(exchange, entry(exchange, span(exchange.getMessage().getHeader(HEADER, String.class))));
    }

    /**
     * For a batch read ({@code batching=true}, body: the per-entry exchanges): each entry gets its consumer span, in
     * its own trace, as {@link #fromStreamEntry} gives it, so what the batch writes for an entry carries that entry's
     * trace. With OTLP export on, that span is exported (ended when the batch exchange completes): the batch's own
     * route span is a trace of its own and no parent for the entries. The thread's log context is left alone: the
     * batch is about many orders.
     */
    public void fromStreamEntries(Exchange batch) {
        List<?> entries = batch.getMessage().getBody(List.class);
        if (entries == null) {
            return;
        }
        EntrySpans spans = EntrySpans.of(batch);
        for (Object element : entries) {
            if (element instanceof Exchange entry) {
                String parent = entry.getMessage().getHeader(HEADER, String.class);
                TraceParent span = spans.start(entry, parent).orElseGet(() -> TraceParent.continueOrStart(parent));
                entry.setProperty(LogContext.PROPERTY, entry(entry, span));
            }
        }
    }

    /** Begins the server span of an HTTP request; {@code GET /orders/{id}} is about that order. */
    public void fromHttpRequest(Exchange exchange) {
        Message message = exchange.getMessage();
        TraceParent span = span(message.getHeader(HEADER, String.class));
        message.setHeader(HEADER, span.toString());
        enter(exchange, new LogContext(span.traceId(), span.spanId(), message.getHeader("id", String.class), null, null,
                null));
    }

    /** Names the order the exchange is about once it is known (e.g. created by it), for the rest of its log lines. */
    public void aboutOrder(Exchange exchange, String orderId) {
        LogContext context = exchange.getProperty(LogContext.PROPERTY, LogContext.class);
        if (context != null) {
            enter(exchange, context.withOrderId(orderId));
        }
    }

    private static LogContext entry(Exchange exchange, TraceParent span) {
        Message message = exchange.getMessage();
        message.setHeader(HEADER, span.toString());
        return new LogContext(span.traceId(), span.spanId(), message.getHeader("aggregate_id", String.class),
                message.getHeader("event_id", String.class), message.getHeader("CamelRedisStreamsStream", String.class),
                message.getHeader("CamelRedisStreamsGroup", String.class));
    }

    private static void enter(Exchange exchange, LogContext context) {
        exchange.setProperty(LogContext.PROPERTY, context);
        // the unit of work puts it into the MDC before each following step; this step's own lines need it now
        TraceMdc.apply(context);
    }

    private static TraceParent span(String header) {
        SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            return new TraceParent(current.getTraceId(), current.getSpanId(), current.getTraceFlags().asHex());
        }
        return TraceParent.continueOrStart(header);
    }
}
