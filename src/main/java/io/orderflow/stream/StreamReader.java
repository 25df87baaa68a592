package io.orderflow.stream;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread with its own connection and consumer name. It first re-reads its own pending entries (id 0:
 * entries an earlier run, a failed exchange or a read it gave up on left with this name), then blocks for new ones
 * ({@code >}); it goes back to its pending entries {@code redeliveryDelay} after a failure and after any error, and
 * runs the reclaimer when due. Connection errors are retried with backoff; NOGROUP recreates the group from 0.
 */
final class StreamReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
    private static final String NEW_ENTRIES = ">";
    private static final String OWN_PENDING = "0-0";
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final long NONE = Long.MAX_VALUE;

    private final String name;
    private final RedisLink link;
    private final RedisStreamsConfiguration configuration;
    private final ConsumerGroup group;
    private final GroupReads reads;
    private final Reclaimer reclaimer;
    private final DeliveryHandler handler;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong redeliverAt = new AtomicLong(NONE);
    private volatile boolean running = true;
    private volatile boolean alive;
    private volatile boolean healthy;
    private String groupStart;
    private boolean groupReady;
    private String cursor = OWN_PENDING;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private boolean errorLogged;

    StreamReader(String name, RedisLink link, RedisStreamsConfiguration configuration, Reclaimer reclaimer,
                 DeliveryHandler handler) {
        this.name = name;
        this.link = link;
        this.configuration = configuration;
        this.group = new ConsumerGroup(configuration.getStream(), configuration.getGroup());
        this.reads = new GroupReads(configuration);
        this.reclaimer = reclaimer;
        this.handler = handler;
        this.groupStart = configuration.getStartPosition();
    }

    @Override
    public void run() {
        alive = true;
        try {
            while (running) {
                step();
            }
        } finally {
            alive = false;
            healthy = false;
            link.close();
        }
    }

    private void step() {
        List<Delivery> deliveries;
        try {
            RedisCommands<String, byte[]> redis = link.sync();
            if (!groupReady) {
                group.create(redis, groupStart);
                groupReady = true;
            }
            deliveries = next(redis);
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        // entries read are processed even when stopping: they are delivered to this consumer already
        try {
            handler.handle(deliveries, this);
        } catch (RuntimeException e) {
            // a bug rather than an entry's failure: leave the entries to redelivery instead of holding them forever
            LOG.error("Consumer {} could not handle {} entries of {}; they stay pending for redelivery", name,
                    deliveries.size(), configuration.getStream(), e);
            handler.failed(deliveries.stream().map(Delivery::id).toList(), this);
        }
    }

    private List<Delivery> next(RedisCommands<String, byte[]> redis) {
        List<Delivery> reclaimed = reclaimer.claim(redis, name);
        if (!reclaimed.isEmpty()) {
            return reclaimed;
        }
        if (!NEW_ENTRIES.equals(cursor)) {
            List<Delivery> pending = reads.ownPending(redis, name, cursor);
            cursor = pending.isEmpty() ? NEW_ENTRIES : pending.get(pending.size() - 1).id();
            return pending;
        }
        if (redeliveryDue()) {
            cursor = OWN_PENDING;
            return List.of();
        }
        return reads.newEntries(redis, name, blockMillis());
    }

    /** How long a read may block: never past a due redelivery or reclaim scan, and never 0 (which blocks forever). */
    private long blockMillis() {
        long block = Math.min(configuration.getBlock(), reclaimer.millisUntilDue());
        long at = redeliverAt.get();
        if (at != NONE) {
            block = Math.min(block, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()));
        }
        return Math.max(1, block);
    }

    private boolean redeliveryDue() {
        long at = redeliverAt.get();
        return at != NONE && System.nanoTime() - at >= 0 && redeliverAt.compareAndSet(at, NONE);
    }

    /** An entry failed: re-read the own pending entries after {@code redeliveryDelay} (the earliest request wins). */
    void scheduleRedelivery() {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(configuration.getRedeliveryDelay());
        redeliverAt.accumulateAndGet(at, (current, requested) -> current == NONE ? requested : Math.min(current, requested));
    }

    private void succeeded() {
        healthy = true;
        backoffMillis = MIN_BACKOFF_MILLIS;
        errorLogged = false;
        link.availability().reachable();
    }

    private void failed(RuntimeException error) {
        // a read the client gave up on may still have delivered entries to this name: re-read the own pending list
        cursor = OWN_PENDING;
        if (!running) {
            // interrupted or cut off by the stop itself: not an outage
            LOG.debug("Consumer {} stopped while reading {}: {}", name, configuration.getStream(), RedisFailures.describe(error));
            return;
        }
        if (RedisFailures.isNoGroup(error)) {
            LOG.info("Consumer group {} on stream {} is gone (stream deleted, or Redis restarted without its data); "
                    + "creating it again from the start", configuration.getGroup(), configuration.getStream());
            groupReady = false;
            groupStart = "0";
            return;
        }
        healthy = false;
        link.availability().failed(error);
        if (!RedisFailures.isConnectionProblem(error) && !errorLogged) {
            errorLogged = true;
            LOG.warn("Consumer {} cannot read stream {}: {}; retrying with backoff", name, configuration.getStream(),
                    RedisFailures.describe(error), error);
        } else {
            LOG.debug("Consumer {} cannot read stream {}: {}", name, configuration.getStream(), RedisFailures.describe(error));
        }
        pause();
    }

    private void pause() {
        try {
            stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    /** Stops after the current read and the entries it returned. */
    void stop() {
        running = false;
        stopSignal.countDown();
    }

    String name() {
        return name;
    }

    /** Alive, its last read succeeded and its connection is up (a reader busy in a handler notices nothing else). */
    boolean isHealthy() {
        return alive && healthy && !link.isDisconnected();
    }

    boolean isAlive() {
        return alive;
    }
}
