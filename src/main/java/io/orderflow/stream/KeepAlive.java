package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps entries this consumer holds from looking abandoned: an entry held longer than half of {@code reclaimMinIdle}
 * gets its idle time reset ({@code XCLAIM <self> 0 <id> JUSTID}, which does not count a delivery), so another
 * consumer's reclaimer does not take it from a slow but healthy handler. A Lua script claims only entries still owned
 * by this consumer, so an entry another consumer took meanwhile is reported instead of taken back.
 */
final class KeepAlive implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);

    // KEYS[1] stream; ARGV[1] group, ARGV[2] consumer, ARGV[3..] ids. Returns the ids another consumer owns now
    // (an id pending for nobody was just acknowledged: neither refreshed nor reported).
    private static final String REFRESH_OWN = """
            local owned, lost = {}, {}
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if p[1] then
                if p[1][2] == ARGV[2] then table.insert(owned, ARGV[i]) else table.insert(lost, ARGV[i]) end
              end
            end
            if #owned > 0 then redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, unpack(owned), 'JUSTID') end
            return lost
            """;

    private final RedisLink link;
    private final String stream;
    private final String group;
    private final InFlightEntries inFlight;
    private final long thresholdNanos;

    KeepAlive(RedisLink link, RedisStreamsConfiguration configuration, InFlightEntries inFlight) {
        this.link = link;
        this.stream = configuration.getStream();
        this.group = configuration.getGroup();
        this.inFlight = inFlight;
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getReclaimMinIdle() / 2);
    }

    /** How often to look, in milliseconds: often enough that no held entry gets near {@code reclaimMinIdle}. */
    static long period(RedisStreamsConfiguration configuration) {
        return Math.max(10, configuration.getReclaimMinIdle() / 4);
    }

    @Override
    public void run() {
        Map<String, List<String>> due = inFlight.idleLongerThan(thresholdNanos);
        due.forEach(this::refresh);
    }

    private void refresh(String consumer, List<String> ids) {
        List<byte[]> args = new ArrayList<>(ids.size() + 2);
        args.add(group.getBytes(StandardCharsets.UTF_8));
        args.add(consumer.getBytes(StandardCharsets.UTF_8));
        ids.forEach(id -> args.add(id.getBytes(StandardCharsets.UTF_8)));
        try {
            List<Object> lost = link.sync().eval(REFRESH_OWN, ScriptOutputType.MULTI, new String[] { stream },
                    args.toArray(new byte[0][]));
            link.availability().reachable();
            inFlight.touched(ids);
            if (!lost.isEmpty()) {
                List<String> lostIds = lost.stream().map(id -> new String((byte[]) id, StandardCharsets.UTF_8)).toList();
                // not ours any more: stop refreshing them; the completion still acknowledges them
                inFlight.release(lostIds);
                LOG.warn("Entries {} of stream {} were claimed by another consumer while {} was processing them; "
                        + "they may be processed twice (is reclaimMinIdle shorter than a pause of this process?)",
                        lostIds, stream, consumer);
            }
        } catch (RuntimeException e) {
            // runs again at the next period; an unreachable Redis is logged once by the availability
            link.availability().failed(e);
            LOG.debug("Keep-alive of {} entries of {} failed: {}", ids.size(), stream, RedisFailures.describe(e));
        }
    }
}
