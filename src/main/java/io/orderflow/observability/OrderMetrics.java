package io.orderflow.observability;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the order service counts: orders created, and sagas completed by final status with the time each took from
 * the order's creation. Callers report only what committed.
 */
public final class OrderMetrics {

    public static final String BEAN_NAME = "orderMetrics";

    private final MeterRegistry registry;
    private final Counter created;

    OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.created = Counter.builder(Metrics.ORDERS_CREATED)
                .description("Orders created by POST /orders (a request repeating an Idempotency-Key creates none)")
                .register(registry);
    }

    public void orderCreated() {
        created.increment();
    }

    /**
     * @param status       the final status, {@code CONFIRMED} or {@code REJECTED}
     * @param cause        what decided it: {@code inventory} (its answer) or {@code timeout} (no answer in time)
     * @param sinceCreated from the order's creation to its final status
     */
    public void sagaCompleted(String status, String cause, Duration sinceCreated) {
        String finalStatus = status.toUpperCase(Locale.ROOT);
        Counter.builder(Metrics.SAGA_COMPLETED)
                .description("Orders that reached a final status, by status and by what decided it")
                .tag("status", finalStatus)
                .tag("cause", cause)
                .register(registry)
                .increment();
        Timer.builder(Metrics.SAGA_DURATION)
                .description("Time from an order's creation to its final status")
                .tag("status", finalStatus)
                .register(registry)
                .record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
    }
}
