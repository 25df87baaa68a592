package io.orderflow.observability;

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

    /**
     * Begins the consumer span of a stream entry, as a child of the span that wrote the event (the entry's
     * {@code traceparent} field), so replies and log lines stay in the order's trace.
     */
    public void fromStreamEntry(Exchange exchange) {
        Message message = exchange.getMessage();
        TraceParent span = span(message.getHeader(HEADER, String.class));
        message.setHeader(HEADER, span.toString());
        enter(exchange, new LogContext(span.traceId(), span.spanId(), message.getHeader("aggregate_id", String.class),
                message.getHeader("event_id", String.class), message.getHeader("CamelRedisStreamsStream", String.class),
                message.getHeader("CamelRedisStreamsGroup", String.class)));
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
