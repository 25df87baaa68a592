package io.orderflow.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over entries that other consumers (crashed, or gone for good) left pending for longer than
 * {@code reclaimMinIdle}: XPENDING with IDLE lists them with their delivery counts, XCLAIM with the same min-idle takes
 * them (a consumer that touched one meanwhile keeps it). The scan pages through the pending list with a cursor; after
 * a short page it rests for {@code reclaimInterval}. Entries deleted from the stream while pending (trimmed) come back
 * as deliveries with an empty body, to be acknowledged and counted, never processed or looped on.
 */
final class Reclaimer {

    private static final Logger LOG = LoggerFactory.getLogger(Reclaimer.class);

    private final String stream;
    private final String group;
    private final int count;
    private final long minIdle;
    private final long intervalNanos;
    private final InFlightEntries inFlight;
    private final ConsumerCounters counters;
    private final AtomicLong nextScanAt;
    private volatile String cursor = "-";

    Reclaimer(RedisStreamsConfiguration configuration, InFlightEntries inFlight, ConsumerCounters counters) {
        this.stream = configuration.getStream();
        this.group = configuration.getGroup();
        this.count = configuration.getCount();
        this.minIdle = configuration.getReclaimMinIdle();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getReclaimInterval());
        this.inFlight = inFlight;
        this.counters = counters;
        // nothing can be idle long enough right after start: the first scan is one interval away
        this.nextScanAt = new AtomicLong(System.nanoTime() + intervalNanos);
    }

    long millisUntilDue() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextScanAt.get() - System.nanoTime()));
    }

    /** Claims idle entries for {@code consumer} if a scan is due and no other reader of this consumer runs one. */
    List<Delivery> claim(RedisCommands<String, byte[]> redis, String consumer) {
        long due = nextScanAt.get();
        long now = System.nanoTime();
        if (now - due < 0 || !nextScanAt.compareAndSet(due, now + intervalNanos)) {
            return List.of();
        }
        List<PendingMessage> page = redis.xpending(stream, XPendingArgs.Builder
                .xpending(group, Range.create(cursor, "+"), Limit.from(count)).idle(minIdle));
        if (page.size() < count) {
            cursor = "-";
        } else {
            // a full page: more may be idle behind it, continue right away after its last id ("(" = exclusive)
            cursor = "(" + page.get(page.size() - 1).getId();
            nextScanAt.set(now);
        }
        Map<String, PendingMessage> candidates = new LinkedHashMap<>();
        page.stream().filter(p -> !inFlight.holds(p.getId())).forEach(p -> candidates.put(p.getId(), p));
        return candidates.isEmpty() ? List.of() : take(redis, consumer, candidates);
    }

    private List<Delivery> take(RedisCommands<String, byte[]> redis, String consumer, Map<String, PendingMessage> candidates) {
        List<StreamMessage<String, byte[]>> claimed = redis.xclaim(stream, Consumer.from(group, consumer),
                XClaimArgs.Builder.minIdleTime(minIdle), candidates.keySet().toArray(String[]::new));
        List<Delivery> deliveries = new ArrayList<>();
        Set<String> claimedIds = new HashSet<>();
        Set<String> previousOwners = new HashSet<>();
        for (StreamMessage<String, byte[]> entry : claimed) {
            // Redis 6.2 answers a nil element for a deleted entry; the client skips it or leaves an id-less message
            if (entry.getId() != null && candidates.containsKey(entry.getId())) {
                PendingMessage before = candidates.get(entry.getId());
                claimedIds.add(entry.getId());
                previousOwners.add(before.getConsumer());
                deliveries.add(new Delivery(entry, consumer, before.getRedeliveryCount() + 1));
            }
        }
        for (String id : candidates.keySet()) {
            if (!claimedIds.contains(id) && redis.xrange(stream, Range.create(id, id)).isEmpty()) {
                // deleted while pending: Redis 6.2 just moved it to us, Redis 7 dropped it from the pending list
                deliveries.add(new Delivery(new StreamMessage<>(stream, id, Collections.emptyMap()), consumer, 0));
            }
        }
        if (!claimedIds.isEmpty()) {
            counters.reclaimed(claimedIds.size());
            LOG.info("Reclaimed {} entries of {} idle for more than {} ms from {} for {}", claimedIds.size(), stream,
                    minIdle, previousOwners, consumer);
        }
        return deliveries;
    }
}
