package io.orderflow.stream;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one Redis answers, as seen by every connection to it: logs one WARN when it goes away and one INFO when it
 * is back, so an outage does not flood the log with one exception per retry.
 */
final class RedisAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAvailability.class);

    private final String target;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile String lastError;

    /** {@code target} is the Redis URI with credentials masked. */
    RedisAvailability(String target) {
        this.target = target;
    }

    void reachable() {
        if (down.compareAndSet(true, false)) {
            LOG.info("Redis at {} is reachable again", target);
        }
    }

    /** Records a failed command; only connection problems count, a server error means Redis is up. */
    void failed(Throwable error) {
        if (!RedisFailures.isConnectionProblem(error)) {
            reachable();
            return;
        }
        lastError = RedisFailures.describe(error);
        if (down.compareAndSet(false, true)) {
            LOG.warn("Redis at {} is unreachable ({}); reconnecting with backoff", target, lastError);
        }
    }

    boolean isUp() {
        return !down.get();
    }

    String lastError() {
        return lastError;
    }

    String target() {
        return target;
    }
}
