package io.orderflow.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Makes every meter pass {@code promtool check metrics}: label names in snake_case (Camel tags meters
 * {@code routeId}, {@code camelContext}, ...), a help text on every metric (Camel registers some meters without a
 * description), and no names promtool rejects among the JVM binders' ({@code system.cpu.count} is exposed as
 * {@code system_cpus}; {@code process.cpu.time}, in nanoseconds, is dropped: {@code process_cpu_usage} remains).
 * Also gives Orderflow's timers their histogram buckets.
 */
final class MeterConventions implements MeterFilter {

    /** Help texts for Camel's meters that come without one. */
    private static final Map<String, String> CAMEL_DESCRIPTIONS = Map.of(
            "app.info", "Camel and runtime versions of this process (always 1)",
            "camel.exchange.event.notifier", "Time from an exchange's creation to its completion or to an endpoint's answer",
            "camel.route.policy", "Time an exchange spends in a route",
            "camel.routes.added", "Routes added to the Camel context",
            "camel.routes.reloaded", "Routes reloaded in the Camel context",
            "camel.routes.running", "Routes running in the Camel context");

    private static final Map<String, List<Duration>> BUCKETS = Map.of(
            Metrics.HTTP_REQUESTS, seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            Metrics.SAGA_DURATION, seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600));

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        Meter.Id mapped = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        if (mapped.getTags().stream().anyMatch(tag -> !isSnakeCase(tag.getKey()))) {
            List<Tag> tags = new ArrayList<>();
            mapped.getTags().forEach(tag -> tags.add(Tag.of(snakeCase(tag.getKey()), tag.getValue())));
            mapped = mapped.replaceTags(Tags.of(tags));
        }
        if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
            String description = CAMEL_DESCRIPTIONS.getOrDefault(id.getName(), mapped.getName().replace('.', ' '));
            mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTags()), mapped.getBaseUnit(), description,
                    mapped.getType());
        }
        return mapped;
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        List<Duration> buckets = BUCKETS.get(id.getName());
        if (buckets == null) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .serviceLevelObjectives(buckets.stream().mapToDouble(Duration::toNanos).toArray())
                .build()
                .merge(config);
    }

    static String snakeCase(String key) {
        StringBuilder snake = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && !Character.isUpperCase(key.charAt(i - 1))) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private static boolean isSnakeCase(String key) {
        return key.chars().noneMatch(Character::isUpperCase);
    }

    private static List<Duration> seconds(double... values) {
        List<Duration> durations = new ArrayList<>();
        for (double value : values) {
            durations.add(Duration.ofNanos(Math.round(value * 1e9)));
        }
        return durations;
    }
}
