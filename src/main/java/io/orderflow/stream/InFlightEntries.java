package io.orderflow.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entries this consumer holds: read and not yet acknowledged (being processed, waiting for their turn in a read,
 * or completed with the XACK still on its way). The keep-alive refreshes them, the reclaimer leaves them alone, and a
 * re-read of the own pending list skips them instead of processing them twice.
 */
final class InFlightEntries {

    private static final class Held {
        private final String consumer;
        private volatile long touchedAt;

        private Held(String consumer, long touchedAt) {
            this.consumer = consumer;
            this.touchedAt = touchedAt;
        }
    }

    private final Map<String, Held> entries = new ConcurrentHashMap<>();

    void hold(String id, String consumer) {
        entries.put(id, new Held(consumer, System.nanoTime()));
    }

    boolean holds(String id) {
        return entries.containsKey(id);
    }

    /** Acknowledged, or failed and left to Redis's pending list for redelivery. */
    void release(Collection<String> ids) {
        ids.forEach(entries::remove);
    }

    /** Held entries delivered or refreshed longer than {@code nanos} ago, by consumer name. */
    Map<String, List<String>> idleLongerThan(long nanos) {
        long now = System.nanoTime();
        Map<String, List<String>> idle = new HashMap<>();
        entries.forEach((id, held) -> {
            if (now - held.touchedAt > nanos) {
                idle.computeIfAbsent(held.consumer, c -> new ArrayList<>()).add(id);
            }
        });
        return idle;
    }

    void touched(Collection<String> ids) {
        long now = System.nanoTime();
        for (String id : ids) {
            Held held = entries.get(id);
            if (held != null) {
                held.touchedAt = now;
            }
        }
    }

    int size() {
        return entries.size();
    }
}
