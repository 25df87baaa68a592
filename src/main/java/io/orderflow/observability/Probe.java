package io.orderflow.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last answer of a dependency to a background question: whether it answered, when, and why not. One WARN when it
 * stops answering and one INFO when it is back, so an outage does not add a line per refresh.
 */
abstract class Probe {

    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    private final String dependency;
    private final Clock clock;
    private volatile Answer last;

    Probe(String dependency, Clock clock) {
        this.dependency = dependency;
        this.clock = clock;
    }

    /** The last answer; null before the first refresh. */
    Answer last() {
        return last;
    }

    String dependency() {
        return dependency;
    }

    Clock clock() {
        return clock;
    }

    void succeeded(String target) {
        Answer previous = last;
        last = new Answer(true, dependency + " at " + target + " answers", clock.instant());
        if (previous != null && !previous.up()) {
            LOG.info("{} at {} answers again", dependency, target);
        }
    }

    void failed(String target, Exception error) {
        Answer previous = last;
        String message = dependency + " at " + target + " does not answer: " + describe(error);
        last = new Answer(false, message, clock.instant());
        if (previous == null || previous.up()) {
            LOG.warn("{}; readiness is DOWN until it answers again", message);
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** One answer. */
    record Answer(boolean up, String message, Instant at) {

        boolean olderThan(Duration age, Clock clock) {
            return at.plus(age).isBefore(clock.instant());
        }
    }
}
