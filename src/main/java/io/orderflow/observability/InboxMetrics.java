package io.orderflow.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deliveries an inbox turned away because their event was processed before: the redeliveries and relay repeats that
 * at-least-once delivery brings, each of which would otherwise have been applied twice.
 */
public final class InboxMetrics {

    public static final String BEAN_NAME = "inboxMetrics";

    private final MeterRegistry registry;

    InboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void duplicatesSkipped(String group, int deliveries) {
        Counter.builder(Metrics.INBOX_DUPLICATES)
                .description("Deliveries of events already processed by the group, skipped by its inbox")
                .tag("group", group)
                .register(registry)
                .increment(deliveries);
    }
}
