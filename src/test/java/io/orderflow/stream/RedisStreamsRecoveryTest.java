package io.orderflow.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
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

/** Entries left behind (by a crash, a read the client gave up on, trimming, a deleted stream) are not lost. */
@ExtendWith(RealServers.class)
class RedisStreamsRecoveryTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    /** XREADGROUP as {@code consumer} outside the component: what a crashed consumer or an abandoned read leaves. */
    private List<String> deliverWithoutProcessing(String stream, String group, String consumer, int count) {
        return redis.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count),
                StreamOffset.lastConsumed(stream)).stream().map(m -> m.getId()).toList();
    }

    private void createGroup(String stream, String group) {
        redis.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    }

    private static RouteBuilder collecting(String uri, List<Exchange> received) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> received.add(e.copy()));
            }
        };
    }

    @Test
    void processesEntriesPendingForItsOwnNameThatItNeverSaw() throws Exception {
        String stream = uniqueStream("own-pending");
        createGroup(stream, "g");
        String id = redis.xadd(stream, Map.of("payload", "read by a request the client gave up on"));
        assertThat(deliverWithoutProcessing(stream, "g", "stable-name", 1)).containsExactly(id);
        List<Exchange> received = new CopyOnWriteArrayList<>();

        try (StreamContext context = StreamContext.start(RealServers.redisUrl(),
                collecting("redis-streams:" + stream + "?group=g&consumerName=stable-name&block=100", received))) {
            await().until(() -> received.size() == 1);
            assertThat(received.get(0).getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(id);
            assertThat(received.get(0).getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT)).isEqualTo(2L);
            await().until(() -> pending(redis, stream, "g").isEmpty());
        }
    }

    @Test
    void reclaimsAnEntryAbandonedByACrashedConsumerAfterMinIdleAndProcessesItOnce() throws Exception {
        String stream = uniqueStream("reclaim");
        createGroup(stream, "g");
        String id = redis.xadd(stream, Map.of("payload", "taken by a consumer that died"));
        deliverWithoutProcessing(stream, "g", "crashed", 1);
        List<Exchange> received = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();

        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), collecting("redis-streams:" + stream
                + "?group=g&consumerName=survivor&block=100&reclaimMinIdle=500&reclaimInterval=100", received))) {
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(received).singleElement().satisfies(e -> {
                assertThat(e.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(id);
                assertThat(e.getMessage().getHeader(RedisStreamsConstants.CONSUMER)).isEqualTo("survivor");
                assertThat(e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT)).isEqualTo(2L);
            });
            assertThat(context.statistics(stream).reclaimed()).isEqualTo(1);
        }
    }

    @Test
    void reclaimsTheEntryOfAConsumerThatWasStoppedWithoutAcknowledgingIt() throws Exception {
        String stream = uniqueStream("reclaim-after-kill");
        CountDownLatch taken = new CountDownLatch(1);
        List<Exchange> received = new CopyOnWriteArrayList<>();
        StreamContext dying = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=dying&block=100&reclaimMinIdle=500&reclaimInterval=100")
                        .process(e -> {
                            taken.countDown();
                            new CountDownLatch(1).await(); // hangs until the forced stop interrupts it
                        });
            }
        });
        dying.camel().getShutdownStrategy().setTimeout(1);
        String id = dying.template().send("redis-streams:" + stream, e -> e.getMessage().setBody("dies with it"))
                .getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class);
        assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
        dying.close(); // graceful stop times out, the handler is interrupted: no acknowledgement
        assertThat(pending(redis, stream, "g")).singleElement().satisfies(p -> assertThat(p.getConsumer()).isEqualTo("dying"));

        try (StreamContext survivor = StreamContext.start(RealServers.redisUrl(), collecting("redis-streams:" + stream
                + "?group=g&consumerName=survivor&block=100&reclaimMinIdle=500&reclaimInterval=100", received))) {
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(received).singleElement().satisfies(e -> {
                assertThat(e.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(id);
                assertThat(e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT)).isEqualTo(2L);
            });
        }
    }

    @Test
    void keepsTheEntryOfASlowButHealthyHandlerFromBeingReclaimed() throws Exception {
        String stream = uniqueStream("keep-alive");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Exchange> stolen = new CopyOnWriteArrayList<>();
        RouteBuilder slow = new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=slow&block=100&reclaimMinIdle=400&reclaimInterval=100")
                        .process(e -> {
                            started.countDown();
                            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                        });
            }
        };
        try (StreamContext slowContext = StreamContext.start(RealServers.redisUrl(), slow)) {
            slowContext.template().sendBody("redis-streams:" + stream, "takes longer than reclaimMinIdle");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            try (StreamContext thief = StreamContext.start(RealServers.redisUrl(), collecting("redis-streams:" + stream
                    + "?group=g&consumerName=thief&block=100&reclaimMinIdle=400&reclaimInterval=100", stolen))) {
                // for several times reclaimMinIdle the entry stays with the slow consumer, never idle long enough
                await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(5)).until(() ->
                        stolen.isEmpty() && pending(redis, stream, "g").size() == 1
                                && pending(redis, stream, "g").get(0).getConsumer().equals("slow")
                                && pending(redis, stream, "g").get(0).getRedeliveryCount() == 1);
                release.countDown();
                await().until(() -> pending(redis, stream, "g").isEmpty());
                assertThat(stolen).isEmpty();
            }
        }
    }

    @Test
    void acknowledgesPendingEntriesTrimmedFromTheStreamInsteadOfLoopingOnThem() throws Exception {
        String stream = uniqueStream("trimmed");
        createGroup(stream, "g");
        List<String> ids = List.of(redis.xadd(stream, Map.of("payload", "1")), redis.xadd(stream, Map.of("payload", "2")),
                redis.xadd(stream, Map.of("payload", "3")), redis.xadd(stream, Map.of("payload", "4")));
        deliverWithoutProcessing(stream, "g", "me", 2);
        deliverWithoutProcessing(stream, "g", "crashed", 2);
        // trimming deletes all four while they are pending: two with this consumer's name, two with another's
        redis.xdel(stream, ids.toArray(String[]::new));
        List<Exchange> received = new CopyOnWriteArrayList<>();

        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), collecting("redis-streams:" + stream
                + "?group=g&consumerName=me&block=100&reclaimMinIdle=200&reclaimInterval=100", received))) {
            await().until(() -> pending(redis, stream, "g").isEmpty());
            await().untilAsserted(() -> assertThat(context.statistics(stream).trimmedAcked()).isEqualTo(4));
            String next = redis.xadd(stream, Map.of("payload", "after the trim"));
            await().until(() -> received.size() == 1);
            assertThat(received.get(0).getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(next);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(context.statistics(stream).trimmedAcked()).isEqualTo(4);
            assertThat(context.statistics(stream).processed()).isEqualTo(1);
        }
    }

    @Test
    void createsTheGroupAgainWhenTheStreamIsDeletedWhileConsuming() throws Exception {
        String stream = uniqueStream("nogroup");
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(),
                collecting("redis-streams:" + stream + "?group=g&consumerName=c&block=100&startPosition=$", received))) {
            // the group starts at $: an entry appended before the reader created it would be skipped
            await().until(() -> !context.component().groupInfo(stream).isEmpty());
            context.template().sendBody("redis-streams:" + stream, "before");
            await().until(() -> received.size() == 1);

            redis.del(stream);
            // a producer that writes before the group exists again: the group starts from 0, so nothing is skipped
            String after = redis.xadd(stream, Map.of("payload", "after the stream was deleted"));

            await().until(() -> received.size() == 2);
            assertThat(received.get(1).getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(after);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(context.component().groupInfo(stream)).singleElement()
                    .satisfies(group -> assertThat(group.lastDeliveredId()).isEqualTo(after));
        }
    }
}
