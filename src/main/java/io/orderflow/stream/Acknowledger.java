package io.orderflow.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends XACKs for completed exchanges, grouped: while one XACK is on its way, acknowledgements that arrive meanwhile
 * wait and leave together in the next one, so a busy consumer sends few, large XACKs without ever acknowledging
 * before completion. Failed XACKs (Redis unreachable) are kept and retried with backoff; until they succeed the entries
 * stay held, so a re-read of the pending list does not process them again.
 */
final class Acknowledger {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);
    private static final long MIN_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5000;

    private final RedisLink link;
    private final String stream;
    private final String group;
    private final InFlightEntries inFlight;
    private final ConsumerCounters counters;
    private final ScheduledExecutorService scheduler;

    private final List<String> queued = new ArrayList<>();
    private boolean sending;
    private long retryMillis = MIN_RETRY_MILLIS;

    Acknowledger(RedisLink link, String stream, String group, InFlightEntries inFlight, ConsumerCounters counters,
                 ScheduledExecutorService scheduler) {
        this.link = link;
        this.stream = stream;
        this.group = group;
        this.inFlight = inFlight;
        this.counters = counters;
        this.scheduler = scheduler;
    }

    /** Acknowledges {@code ids} as soon as possible; all of them go in the same XACK. */
    void ack(Collection<String> ids) {
        List<String> batch;
        synchronized (this) {
            queued.addAll(ids);
            batch = startSending();
        }
        send(batch);
    }

    /** Sends what is queued and waits until nothing is left or {@code timeout} passed; true if all were acknowledged. */
    boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> batch;
            synchronized (this) {
                if (queued.isEmpty() && !sending) {
                    return true;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return false;
                }
                batch = startSending();
            }
            send(batch);
            synchronized (this) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if ((sending || !queued.isEmpty()) && left > 0) {
                    // woken by a reply; a failed XACK is retried no sooner than this
                    wait(Math.min(left, MIN_RETRY_MILLIS));
                }
            }
        }
    }

    synchronized int queuedCount() {
        return queued.size();
    }

    /** Takes the queue for sending unless an XACK is already on its way (guarded by this). */
    private List<String> startSending() {
        if (sending || queued.isEmpty()) {
            return null;
        }
        sending = true;
        List<String> batch = new ArrayList<>(queued);
        queued.clear();
        return batch;
    }

    private void send(List<String> batch) {
        if (batch == null) {
            return;
        }
        try {
            link.async().xack(stream, group, batch.toArray(String[]::new))
                    .whenComplete((acked, error) -> sent(batch, acked, error));
        } catch (RuntimeException e) {
            // no connection could be opened
            sent(batch, null, e);
        }
    }

    private void sent(List<String> batch, Long acked, Throwable error) {
        if (error == null) {
            link.availability().reachable();
            inFlight.release(batch);
            counters.acked(acked == null ? 0 : acked);
        } else {
            link.availability().failed(error);
            LOG.debug("XACK of {} entries of {} failed, retrying: {}", batch.size(), stream, RedisFailures.describe(error));
        }
        List<String> next;
        synchronized (this) {
            sending = false;
            if (error != null) {
                queued.addAll(0, batch);
                scheduleRetry();
                notifyAll();
                return;
            }
            retryMillis = MIN_RETRY_MILLIS;
            next = startSending();
            notifyAll();
        }
        send(next);
    }

    /** Guarded by this. */
    private void scheduleRetry() {
        long delay = retryMillis;
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        try {
            scheduler.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: flush() retries what is left until its timeout
            LOG.debug("Not scheduling an XACK retry for {}: the consumer is stopping", stream);
        }
    }

    private void retry() {
        List<String> batch;
        synchronized (this) {
            batch = startSending();
        }
        send(batch);
    }
}
