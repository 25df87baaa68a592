package io.orderflow.stream;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the consumers of one endpoint did, counted from many threads; it outlives consumer restarts so the counts
 * only grow, as monitoring counters should.
 */
final class ConsumerCounters {

    private final LongAdder processed = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder trimmedAcked = new LongAdder();

    void processed(int entries) {
        processed.add(entries);
    }

    void acked(long entries) {
        acked.add(entries);
    }

    void failed(int entries) {
        failed.add(entries);
    }

    void redelivered() {
        redelivered.increment();
    }

    void reclaimed(int entries) {
        reclaimed.add(entries);
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void trimmedAcked(int entries) {
        trimmedAcked.add(entries);
    }

    RedisStreamsConsumerStatistics snapshot(String stream, String group, List<String> consumers) {
        return new RedisStreamsConsumerStatistics(stream, group, consumers, processed.sum(), acked.sum(), failed.sum(),
                redelivered.sum(), reclaimed.sum(), deadLettered.sum(), trimmedAcked.sum());
    }
}
