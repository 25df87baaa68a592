package io.orderflow.stream;

import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one stream consumer: DOWN while Redis is unreachable for any of its readers or a reader is not
 * running, UP again by itself once they read again. Camel's consumers health-check repository picks it up through the
 * consumer ({@code consumer:<routeId>}).
 */
final class RedisStreamsHealthCheck extends AbstractHealthCheck {

    private final RedisStreamsConsumer consumer;

    RedisStreamsHealthCheck(RedisStreamsConsumer consumer) {
        super("camel", "redis-streams:" + consumer.getEndpoint().getConfiguration().getStream() + ":"
                + consumer.getEndpoint().getConfiguration().getGroup());
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        // an unreachable Redis is not fixed by restarting this process
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RedisStreamsConfiguration configuration = consumer.getEndpoint().getConfiguration();
        List<StreamReader> readers = consumer.readers();
        builder.detail("redis.streams.stream", configuration.getStream());
        builder.detail("redis.streams.group", configuration.getGroup());
        builder.detail("redis.streams.consumers", readers.stream().map(StreamReader::name).toList());
        builder.detail("redis.streams.in.flight", consumer.inFlightCount());
        List<String> stopped = readers.stream().filter(r -> !r.isAlive()).map(StreamReader::name).toList();
        List<String> failing = readers.stream().filter(r -> r.isAlive() && !r.isHealthy()).map(StreamReader::name).toList();
        RedisAvailability redis = consumer.getEndpoint().connector().availability();
        if (!consumer.isRunAllowed() || readers.isEmpty() || !stopped.isEmpty()) {
            builder.down().message("Redis stream consumer not running: " + (stopped.isEmpty() ? "stopped" : stopped));
        } else if (!failing.isEmpty() || !redis.isUp() || consumer.getEndpoint().link().isDisconnected()) {
            // a reader busy with a long batch does not notice an outage, its acknowledgements do
            builder.down().message("Redis at " + redis.target() + " is unreachable for stream " + configuration.getStream()
                    + (redis.lastError() == null ? "" : ": " + redis.lastError()));
        } else {
            builder.up();
        }
    }
}
