package io.orderflow.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.MDC;

/** Puts a {@link LogContext} into the MDC of the current thread, and takes it out again. */
final class TraceMdc {

    static final List<String> KEYS = List.of(LogContext.TRACE_ID, LogContext.SPAN_ID, LogContext.ORDER_ID,
            LogContext.EVENT_ID, LogContext.STREAM, LogContext.GROUP);

    private TraceMdc() {
    }

    /** Sets every key of the context, and removes the ones it does not know (nothing left from earlier work). */
    static void apply(LogContext context) {
        if (context == null) {
            KEYS.forEach(MDC::remove);
            return;
        }
        context.fields().forEach(TraceMdc::put);
    }

    /** This thread's values of the keys, to {@link #restore} later. */
    static Map<String, String> snapshot() {
        Map<String, String> values = new HashMap<>();
        for (String key : KEYS) {
            values.put(key, MDC.get(key));
        }
        return values;
    }

    static void restore(Map<String, String> snapshot) {
        snapshot.forEach(TraceMdc::put);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
