package io.orderflow.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * What the log lines of one exchange say about it: its trace and span, and the order, event, stream and group it is
 * about where known. Kept as an exchange property, so the unit of work can put it in the MDC on whatever thread the
 * exchange runs ({@link TraceMdcUnitOfWork}).
 */
record LogContext(String traceId, String spanId, String orderId, String eventId, String stream, String group) {

    /** The exchange property holding it. */
    static final String PROPERTY = "OrderflowLogContext";

    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    static final String ORDER_ID = "order_id";
    static final String EVENT_ID = "event_id";
    static final String STREAM = "stream";
    static final String GROUP = "group";

    /**
     * The exchange's context; before a route has put it into a trace, the trace of an incoming {@code traceparent}
     * (so lines logged before that step still carry the caller's trace id); else empty.
     */
    static LogContext of(Exchange exchange) {
        LogContext context = exchange.getProperty(PROPERTY, LogContext.class);
        if (context != null) {
            return context;
        }
        return TraceParent.parse(exchange.getMessage().getHeader(TraceContext.HEADER, String.class))
                .map(caller -> new LogContext(caller.traceId(), null, null, null, null, null))
                .orElse(null);
    }

    LogContext withOrderId(String order) {
        return new LogContext(traceId, spanId, order, eventId, stream, group);
    }

    /** The MDC entries, null for the unknown ones. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(TRACE_ID, traceId);
        fields.put(SPAN_ID, spanId);
        fields.put(ORDER_ID, orderId);
        fields.put(EVENT_ID, eventId);
        fields.put(STREAM, stream);
        fields.put(GROUP, group);
        return fields;
    }
}
