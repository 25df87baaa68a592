package io.orderflow.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.support.RealServers;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.pending;
import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealServers.class)
class RedisStreamsRoundTripTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    @Test
    void appendsTheBodyAsPayloadWithTheConfiguredHeadersAndConsumesItBackAsBodyAndHeaders() throws Exception {
        String stream = uniqueStream("round-trip");
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g1&consumerName=c1&block=200").process(e -> received.add(e.copy()));
            }
        })) {
            Exchange sent = context.template().send("redis-streams:" + stream, e -> {
                e.getMessage().setBody("{\"event_id\":\"e-1\",\"event_type\":\"OrderCreated\"}");
                e.getMessage().setHeader("event_type", "OrderCreated");
                e.getMessage().setHeader("event_id", "e-1");
                e.getMessage().setHeader("aggregate_id", "order-1");
                e.getMessage().setHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                e.getMessage().setHeader("not_a_field", "stays out of the entry");
            });
            String id = sent.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class);

            List<StreamMessage<String, String>> entries = redis.xrange(stream, Range.create(id, id));
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).getBody()).containsExactly(
                    entry("payload", "{\"event_id\":\"e-1\",\"event_type\":\"OrderCreated\"}"),
                    entry("event_type", "OrderCreated"), entry("event_id", "e-1"), entry("aggregate_id", "order-1"),
                    entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

            await().until(() -> received.size() == 1);
            Message message = received.get(0).getMessage();
            assertThat(message.getBody()).isEqualTo("{\"event_id\":\"e-1\",\"event_type\":\"OrderCreated\"}");
            assertThat(message.getHeaders()).contains(entry("event_type", "OrderCreated"), entry("event_id", "e-1"),
                    entry("aggregate_id", "order-1"), entry(RedisStreamsConstants.ENTRY_ID, id),
                    entry(RedisStreamsConstants.STREAM, stream), entry(RedisStreamsConstants.GROUP, "g1"),
                    entry(RedisStreamsConstants.CONSUMER, "c1"), entry(RedisStreamsConstants.DELIVERY_COUNT, 1L));
            assertThat(message.getHeaders()).doesNotContainKey("payload");

            await().until(() -> pending(redis, stream, "g1").isEmpty());
            assertThat(context.component().groupInfo(stream)).singleElement().satisfies(group -> {
                assertThat(group.name()).isEqualTo("g1");
                assertThat(group.pending()).isZero();
                assertThat(group.lastDeliveredId()).isEqualTo(id);
            });
            await().untilAsserted(() -> assertThat(context.statistics(stream)).satisfies(s -> {
                assertThat(s.consumers()).containsExactly("c1");
                assertThat(s.processed()).isEqualTo(1);
                assertThat(s.acked()).isEqualTo(1);
                assertThat(s.failed()).isZero();
            }));
        }
    }

    @Test
    void acknowledgesOnlyAfterTheExchangeCompleted() throws Exception {
        String stream = uniqueStream("ack-after-success");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=worker&block=200").process(e -> {
                    started.countDown();
                    assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                });
            }
        })) {
            String id = context.template().send("redis-streams:" + stream, e -> e.getMessage().setBody("work"))
                    .getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            List<PendingMessage> whileProcessing = pending(redis, stream, "g");
            assertThat(whileProcessing).singleElement().satisfies(p -> {
                assertThat(p.getConsumer()).isEqualTo("worker");
                assertThat(p.getRedeliveryCount()).isEqualTo(1);
            });
            assertThat(whileProcessing.get(0).getId()).isEqualTo(id);

            release.countDown();
            await().until(() -> pending(redis, stream, "g").isEmpty());
        }
    }

    @Test
    void leavesAFailedEntryPendingAndRedeliversItWithAHigherDeliveryCount() throws Exception {
        String stream = uniqueStream("redelivery");
        AtomicInteger attempts = new AtomicInteger();
        List<Long> deliveryCounts = new CopyOnWriteArrayList<>();
        CountDownLatch secondAttempt = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=c&block=100&redeliveryDelay=200").process(e -> {
                    deliveryCounts.add(e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("the first attempt fails");
                    }
                    secondAttempt.countDown();
                    assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                });
            }
        })) {
            context.template().sendBody("redis-streams:" + stream, "flaky");
            assertThat(secondAttempt.await(10, TimeUnit.SECONDS)).isTrue();

            // not acknowledged after the failure: still pending, now delivered twice
            assertThat(pending(redis, stream, "g")).singleElement()
                    .satisfies(p -> assertThat(p.getRedeliveryCount()).isEqualTo(2));
            release.countDown();

            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(deliveryCounts).containsExactly(1L, 2L);
            await().untilAsserted(() -> assertThat(context.statistics(stream)).satisfies(s -> {
                assertThat(s.failed()).isEqualTo(1);
                assertThat(s.redelivered()).isEqualTo(1);
                assertThat(s.processed()).isEqualTo(1);
                assertThat(s.acked()).isEqualTo(1);
            }));
        }
    }

    @Test
    void readsGroupInformationOfAStream() throws Exception {
        String stream = uniqueStream("group-info");
        redis.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(stream, "0"), "reporting",
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
        redis.xadd(stream, Map.of("payload", "1"));
        redis.xadd(stream, Map.of("payload", "2"));
        redis.xreadgroup(io.lettuce.core.Consumer.from("reporting", "r1"), io.lettuce.core.XReadArgs.Builder.count(1),
                io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(stream));
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            RedisStreamsGroupInfo info = context.component().groupInfo(stream).get(0);
            assertThat(info.name()).isEqualTo("reporting");
            assertThat(info.consumers()).isEqualTo(1);
            assertThat(info.pending()).isEqualTo(1);
            boolean redis7 = redis.info("server").contains("redis_version:7");
            if (redis7) {
                assertThat(info.lag()).isEqualTo(1);
                assertThat(info.entriesRead()).isEqualTo(1);
            } else {
                assertThat(info.lag()).isNull();
            }
        }
    }
}
