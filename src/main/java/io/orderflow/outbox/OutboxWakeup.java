package io.orderflow.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a relay route runs: at once when PostgreSQL notifies that an outbox transaction committed, else after the
 * safety-net poll interval; again and again while batches come back full (the route is greedy); and after a
 * failure (Redis or PostgreSQL down) only after an exponential backoff with jitter, whatever notifications say.
 * It is the route's {@code scheduler} and is told each batch's outcome by the route.
 */
public final class OutboxWakeup extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeup.class);

    private final String name;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Semaphore wake = new Semaphore(0);
    private CamelContext camelContext;
    private ExecutorService executor;
    private volatile Runnable task;
    private volatile boolean started;
    private volatile int consecutiveFailures;

    public OutboxWakeup(String name, Duration pollInterval, Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Something was committed to the outbox: run now (unless backing off). */
    public void wake() {
        wake.release();
    }

    /** Called by the route after a batch: an empty one ends greedy polling until the next wake-up. */
    public void batchDone(Exchange exchange) {
        Object claimed = exchange.getProperty(OutboxRelay.CLAIMED_ROWS);
        boolean empty = !(claimed instanceof List<?> rows) || rows.isEmpty();
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, !empty);
        if (consecutiveFailures > 0) {
            LOG.info("Relay {} publishes again after {} failed attempts", name, consecutiveFailures);
            consecutiveFailures = 0;
        }
    }

    /** Called by the route when a batch failed: the rows stay in the outbox and are retried after a backoff. */
    public void batchFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        int failures = ++consecutiveFailures;
        if (failures == 1) {
            LOG.warn("Relay {} cannot publish, rows stay in the outbox and are retried with backoff: {}", name,
                    describe(cause));
        } else {
            LOG.debug("Relay {} still failing (attempt {}): {}", name, failures, describe(cause));
        }
    }

    boolean isBackingOff() {
        return consecutiveFailures > 0;
    }

    Duration backoff() {
        long base = initialBackoff.toMillis() << Math.min(consecutiveFailures - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void loop() {
        while (started) {
            try {
                if (isBackingOff()) {
                    sleepIgnoringWakeUps(backoff());
                } else {
                    wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
                wake.drainPermits();
                Runnable current = task;
                if (started && current != null) {
                    current.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Relay {} run failed", name, e);
            }
        }
    }

    private void sleepIgnoringWakeUps(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (started) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wake.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + " (caused by " + root + ")";
    }

    @Override
    public void onInit(Consumer consumer) {
        // the consumer hands over its task in scheduleTask; nothing else is needed from it
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public void startScheduler() {
        if (started) {
            return;
        }
        started = true;
        executor = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "outbox-relay-" + name);
        executor.submit(this::loop);
    }

    @Override
    public boolean isSchedulerStarted() {
        return started;
    }

    @Override
    protected void doStop() {
        started = false;
        wake.release();
        if (executor != null) {
            // waits for the batch in flight, so it is published and marked before the pools close
            camelContext.getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
