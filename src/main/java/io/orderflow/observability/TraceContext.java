package io.orderflow.observability;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.MDC;

/**
 * Puts an exchange into a trace: the caller's W3C {@code traceparent} continued with a span of ours, or a new
 * trace. The result replaces the {@code traceparent} header, so whatever the route writes (outbox rows) carries
 * it on, and the trace id goes into the log context.
 */
public final class TraceContext {

    public static final String HEADER = "traceparent";
    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";

    /**
     * Begins the consumer span of a stream entry, as a child of the span that wrote the event (the entry's
     * {@code traceparent} field), so replies and log lines stay in the order's trace.
     */
    public void fromStreamEntry(Exchange exchange) {
        Message message = exchange.getMessage();
        TraceParent span = TraceParent.continueOrStart(message.getHeader(HEADER, String.class));
        message.setHeader(HEADER, span.toString());
        MDC.put(MDC_TRACE_ID, span.traceId());
        MDC.put(MDC_SPAN_ID, span.spanId());
        putIfPresent("event_id", message.getHeader("event_id", String.class));
        putIfPresent("order_id", message.getHeader("aggregate_id", String.class));
        putIfPresent("stream", message.getHeader("CamelRedisStreamsStream", String.class));
        putIfPresent("group", message.getHeader("CamelRedisStreamsGroup", String.class));
    }

    private static void putIfPresent(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Begins the server span of an HTTP request. */
    public void fromHttpRequest(Exchange exchange) {
        TraceParent span = TraceParent.continueOrStart(exchange.getMessage().getHeader(HEADER, String.class));
        exchange.getMessage().setHeader(HEADER, span.toString());
        MDC.put(MDC_TRACE_ID, span.traceId());
        MDC.put(MDC_SPAN_ID, span.spanId());
    }
}
