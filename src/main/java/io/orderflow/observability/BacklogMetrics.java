package io.orderflow.observability;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * What waits in PostgreSQL: each outbox's unpublished rows and the orders whose saga is still open, from
 * {@link PostgresProbe}'s last answer (a scrape never queries PostgreSQL; NaN while it does not answer).
 */
final class BacklogMetrics {

    private BacklogMetrics() {
    }

    /** {@code streams}: the stream of each outbox to watch. */
    static void register(MeterRegistry registry, PostgresProbe probe, Map<String, String> streams, boolean saga) {
        streams.forEach((outbox, stream) -> {
            Tags tags = Tags.of("outbox", outbox, "stream", stream);
            gauge(registry, probe, outbox, Metrics.OUTBOX_BACKLOG, "Outbox rows not yet published to their stream",
                    null, tags, OutboxState::backlog);
            gauge(registry, probe, outbox, Metrics.OUTBOX_OLDEST_AGE,
                    "Age of the oldest unpublished outbox row, 0 when none", "seconds", tags,
                    OutboxState::oldestAgeSeconds);
        });
        if (saga) {
            gauge(registry, probe, PostgresProbe.SAGA, Metrics.SAGA_PENDING,
                    "Orders still PENDING, waiting for the inventory's answer", null, Tags.empty(), OutboxState::backlog);
            gauge(registry, probe, PostgresProbe.SAGA, Metrics.SAGA_PENDING_OLDEST_AGE,
                    "Age of the oldest order still PENDING, 0 when none", "seconds", Tags.empty(),
                    OutboxState::oldestAgeSeconds);
        }
    }

    private static void gauge(MeterRegistry registry, PostgresProbe probe, String key, String name, String description,
                              String unit, Tags tags, ToDoubleFunction<OutboxState> value) {
        Gauge.builder(name, probe, p -> {
                    OutboxState state = p.backlogs().get(key);
                    return state == null ? Double.NaN : value.applyAsDouble(state);
                })
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
