package io.orderflow.observability;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one dependency (PostgreSQL or Redis), from its {@link Probe}'s last background answer: a health request
 * never waits for the dependency, and never adds load to it. DOWN while the last answer failed, or is older than it
 * should be (the probe is stuck); UP again by itself with the next answer. Not a liveness check: restarting the
 * process does not bring a dependency back.
 */
final class DependencyHealthCheck extends AbstractHealthCheck {

    private final Probe probe;
    private final Duration maxAge;

    /** {@code maxAge}: how old the last answer may be before it no longer counts. */
    DependencyHealthCheck(String id, Probe probe, Duration maxAge) {
        super("orderflow", id);
        this.probe = probe;
        this.maxAge = maxAge;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Probe.Answer last = probe.last();
        if (last == null) {
            builder.down().message(probe.dependency() + " not asked yet");
        } else if (last.olderThan(maxAge, probe.clock())) {
            builder.down().message(probe.dependency() + " gave no answer since " + last.at());
        } else if (!last.up()) {
            builder.down().message(last.message());
        } else {
            builder.up();
        }
        if (last != null) {
            builder.detail("checked.at", last.at().toString());
        }
    }
}
