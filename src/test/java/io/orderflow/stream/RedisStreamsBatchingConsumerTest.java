package io.orderflow.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.support.RealServers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.pending;
import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** batching=true: one exchange per read, its body the per-entry exchanges, acknowledged in one XACK. */
@ExtendWith(RealServers.class)
class RedisStreamsBatchingConsumerTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    /** Ten entries in the stream before the consumer starts, so its first read returns all of them. */
    private void tenEntries(String stream) {
        for (int i = 0; i < 10; i++) {
            redis.xadd(stream, Map.of("payload", "entry-" + i));
        }
    }

    @Test
    void acknowledgesABatchExceptTheEntriesWhoseExchangesFailedWhichComeBackLater() throws Exception {
        String stream = uniqueStream("batching");
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        List<Long> redeliveryCounts = new CopyOnWriteArrayList<>();
        CountDownLatchLike firstBatchDone = new CountDownLatchLike();
        tenEntries(stream);
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=c&batching=true&count=10&block=100&redeliveryDelay=300")
                        .process(batch -> {
                            @SuppressWarnings("unchecked")
                            List<Exchange> entries = batch.getMessage().getBody(List.class);
                            batches.add(entries.stream().map(e -> e.getMessage().getBody(String.class)).toList());
                            for (Exchange entry : entries) {
                                String body = entry.getMessage().getBody(String.class);
                                if (batches.size() == 1 && (body.equals("entry-3") || body.equals("entry-7"))) {
                                    entry.setException(new IllegalStateException("cannot handle " + body));
                                }
                                if (batches.size() > 1) {
                                    redeliveryCounts.add(entry.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                                }
                            }
                            firstBatchDone.await(batches.size());
                        });
            }
        })) {
            await().until(() -> batches.size() == 1);
            // the first batch completed: all but the two failed entries acknowledged in it
            await().until(() -> pending(redis, stream, "g").size() == 2);
            assertThat(pending(redis, stream, "g").stream().map(p -> redis.xrange(stream,
                    io.lettuce.core.Range.create(p.getId(), p.getId())).get(0).getBody().get("payload")))
                    .containsExactly("entry-3", "entry-7");
            firstBatchDone.release();

            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(batches.get(0)).hasSize(10);
            assertThat(batches.get(1)).containsExactly("entry-3", "entry-7");
            assertThat(redeliveryCounts).containsExactly(2L, 2L);
            assertThat(context.statistics(stream).failed()).isEqualTo(2);
            assertThat(context.statistics(stream).acked()).isEqualTo(10);
        }
    }

    @Test
    void leavesTheWholeBatchPendingWhenTheBatchExchangeFailsUnhandled() throws Exception {
        String stream = uniqueStream("batching-fails");
        AtomicInteger calls = new AtomicInteger();
        List<Set<Long>> counts = new CopyOnWriteArrayList<>();
        CountDownLatchLike secondCall = new CountDownLatchLike();
        tenEntries(stream);
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=c&batching=true&count=10&block=100&redeliveryDelay=200")
                        .process(batch -> {
                            @SuppressWarnings("unchecked")
                            List<Exchange> entries = batch.getMessage().getBody(List.class);
                            counts.add(Set.copyOf(entries.stream().map(e ->
                                    e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class)).toList()));
                            if (calls.incrementAndGet() == 1) {
                                throw new IllegalStateException("the database is down");
                            }
                            secondCall.await(2);
                        });
            }
        })) {
            await().until(() -> calls.get() == 2);
            // the failed batch acknowledged nothing: all ten are pending, delivered twice now
            assertThat(pending(redis, stream, "g")).hasSize(10)
                    .allSatisfy(p -> assertThat(p.getRedeliveryCount()).isEqualTo(2));
            secondCall.release();
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(counts).containsExactly(Set.of(1L), Set.of(2L));
        }
    }

    /** Holds the n-th call of a processor until the test has looked at Redis. */
    private static final class CountDownLatchLike {
        private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

        void await(int call) throws InterruptedException {
            if (call >= 2) {
                assertThat(latch.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }

        void release() {
            latch.countDown();
        }
    }
}
