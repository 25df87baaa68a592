package io.orderflow.observability;

import org.apache.camel.Exchange;
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

    /** Begins the server span of an HTTP request. */
    public void fromHttpRequest(Exchange exchange) {
        TraceParent span = TraceParent.continueOrStart(exchange.getMessage().getHeader(HEADER, String.class));
        exchange.getMessage().setHeader(HEADER, span.toString());
        MDC.put(MDC_TRACE_ID, span.traceId());
        MDC.put(MDC_SPAN_ID, span.spanId());
    }
}
