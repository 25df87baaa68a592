package io.orderflow.observability;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.orderflow.stream.RedisStreamsComponent;
import io.orderflow.stream.RedisStreamsConsumerStatistics;

/**
 * Per stream and consumer group consumed in this process: what its consumers did (counted in memory by the
 * redis-streams component, read at scrape time) and how far behind the group is (from {@link RedisProbe}'s last
 * answer: a scrape never asks Redis). A group gets its meters once its consumer has started.
 */
final class StreamMetrics {

    static final String REASON_ERROR = "error";
    static final String REASON_MAX_DELIVERIES = "max-deliveries";
    private static final String DEAD_LETTERED = "Entries written to the group's dead-letter stream, by reason: error "
            + "(failed after retries, or unprocessable) or max-deliveries";

    private final MeterRegistry registry;
    private final RedisStreamsComponent component;
    private final RedisProbe redis;
    private final Set<StreamGroup> tracked = ConcurrentHashMap.newKeySet();

    StreamMetrics(MeterRegistry registry, RedisStreamsComponent component, RedisProbe redis) {
        this.registry = registry;
        this.component = component;
        this.redis = redis;
    }

    /** The groups consumed in this process so far; registers the meters of groups seen for the first time. */
    List<StreamGroup> consumedGroups() {
        for (RedisStreamsConsumerStatistics statistics : component.consumerStatistics()) {
            StreamGroup group = new StreamGroup(statistics.stream(), statistics.group());
            if (tracked.add(group)) {
                register(group);
            }
        }
        return List.copyOf(tracked);
    }

    /** An entry of {@code group} written to its dead-letter stream by the route's dead-letter channel. */
    void deadLettered(StreamGroup group) {
        deadLetteredByError(group).increment();
    }

    private void register(StreamGroup group) {
        counter(group, Metrics.STREAM_ENTRIES + ".processed",
                "Entries whose exchange completed (successfully or handled, e.g. dead-lettered)",
                RedisStreamsConsumerStatistics::processed);
        counter(group, Metrics.STREAM_ENTRIES + ".failed",
                "Entries whose exchange failed unhandled, left pending for redelivery",
                RedisStreamsConsumerStatistics::failed);
        counter(group, Metrics.STREAM_ENTRIES + ".acked", "Entries acknowledged (XACK)",
                RedisStreamsConsumerStatistics::acked);
        counter(group, Metrics.STREAM_ENTRIES + ".trimmed",
                "Pending entries found trimmed from the stream, acknowledged unprocessed",
                RedisStreamsConsumerStatistics::trimmedAcked);
        counter(group, Metrics.STREAM_REDELIVERIES, "Entries processed again (delivery count above 1)",
                RedisStreamsConsumerStatistics::redelivered);
        counter(group, Metrics.STREAM_RECLAIMED, "Entries taken over from consumers that stopped answering",
                RedisStreamsConsumerStatistics::reclaimed);
        FunctionCounter.builder(Metrics.STREAM_DEAD_LETTERED, this,
                        self -> self.statistic(group, RedisStreamsConsumerStatistics::deadLettered))
                .description(DEAD_LETTERED)
                .tags(tags(group).and("reason", REASON_MAX_DELIVERIES))
                .register(registry);
        deadLetteredByError(group);

        gauge(group, Metrics.STREAM_PENDING, "Entries delivered to the group and not acknowledged yet", null,
                GroupState::pending);
        gauge(group, Metrics.STREAM_LAG, "Entries not yet delivered to the group (Redis 7 reports it; on Redis 6.2 "
                + "counted up to " + RedisProbe.LAG_CAP + ")", null, GroupState::lag);
        gauge(group, Metrics.STREAM_LAG_SECONDS, "Age of the oldest entry not yet delivered to the group, 0 when none",
                "seconds", GroupState::lagSeconds);
        if (!group.isReplay()) {
            // the replay stream's dead letters go to the group's one dead-letter stream, measured once
            gauge(group, Metrics.STREAM_DEAD_LETTER_LENGTH, "Entries in the group's dead-letter stream", null,
                    GroupState::deadLetters);
        }
    }

    private Counter deadLetteredByError(StreamGroup group) {
        return Counter.builder(Metrics.STREAM_DEAD_LETTERED)
                .description(DEAD_LETTERED)
                .tags(tags(group).and("reason", REASON_ERROR))
                .register(registry);
    }

    private void counter(StreamGroup group, String name, String description,
                         ToLongFunction<RedisStreamsConsumerStatistics> statistic) {
        FunctionCounter.builder(name, this, self -> self.statistic(group, statistic))
                .description(description)
                .tags(tags(group))
                .register(registry);
    }

    private void gauge(StreamGroup group, String name, String description, String unit,
                       ToDoubleFunction<GroupState> value) {
        Gauge.builder(name, redis, probe -> {
                    GroupState state = probe.groups().get(group);
                    return state == null ? Double.NaN : value.applyAsDouble(state);
                })
                .description(description)
                .baseUnit(unit)
                .tags(tags(group))
                .strongReference(true)
                .register(registry);
    }

    private double statistic(StreamGroup group, ToLongFunction<RedisStreamsConsumerStatistics> statistic) {
        return component.consumerStatistics().stream()
                .filter(s -> s.stream().equals(group.stream()) && s.group().equals(group.group()))
                .mapToLong(statistic)
                .sum();
    }

    private static Tags tags(StreamGroup group) {
        return Tags.of("stream", group.stream(), "group", group.group());
    }
}
