package io.orderflow.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.support.RealServers;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.pending;
import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealServers.class)
class RedisStreamsLifecycleTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    private void entries(String stream, int count) {
        redis.xgroupCreate(StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        for (int i = 0; i < count; i++) {
            redis.xadd(stream, Map.of("payload", "entry-" + i));
        }
    }

    @Test
    void aGracefulStopFinishesTheEntriesInHandAcknowledgesThemAndRemovesTheIdleConsumerName() throws Exception {
        String stream = uniqueStream("graceful-stop");
        entries(stream, 5);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> processed = ConcurrentHashMap.newKeySet();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=stopping&count=5&block=100").routeId("stopping")
                        .process(e -> {
                            inFlight.countDown();
                            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                            processed.add(e.getMessage().getBody(String.class));
                        });
            }
        })) {
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pending(redis, stream, "g")).hasSize(5);

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    context.stopRoute("stopping");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ServiceSupport consumer = (ServiceSupport) context.camel().getRoute("stopping").getConsumer();
            await().until(consumer::isStopping);
            release.countDown();
            stop.get(20, TimeUnit.SECONDS);

            assertThat(processed).hasSize(5);
            assertThat(pending(redis, stream, "g")).isEmpty();
            assertThat(redis.xinfoConsumers(stream, "g")).isEmpty();
            assertThat(context.statistics(stream).acked()).isEqualTo(5);
        }
    }

    /**
     * The replay consumer shares the route's processor, and a Camel consumer stops its processor when it stops: the
     * entries still in hand of the main consumer must be processed before that, also behind an error handler that
     * refuses work once stopped (one with redeliveries, as the application's stream consumers have).
     */
    @Test
    void aGracefulStopFinishesTheEntriesInHandBehindARedeliveringErrorHandlerWithReplayOn() throws Exception {
        String stream = uniqueStream("graceful-stop-replay");
        entries(stream, 5);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> processed = ConcurrentHashMap.newKeySet();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().maximumRedeliveries(3).redeliveryDelay(10));
                from("redis-streams:" + stream + "?group=g&consumerName=stopping&count=5&block=100&replay=true")
                        .routeId("stopping-replay")
                        .process(e -> {
                            inFlight.countDown();
                            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                            processed.add(e.getMessage().getBody(String.class));
                        });
            }
        })) {
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    context.stopRoute("stopping-replay");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ServiceSupport consumer = (ServiceSupport) context.camel().getRoute("stopping-replay").getConsumer();
            await().until(consumer::isStopping);
            release.countDown();
            stop.get(20, TimeUnit.SECONDS);

            assertThat(processed).hasSize(5);
            assertThat(pending(redis, stream, "g")).isEmpty();
            assertThat(context.statistics(stream).failed()).isZero();
        }
    }

    @Test
    void concurrentConsumersReadWithOneSuffixedConsumerNameEach() throws Exception {
        String stream = uniqueStream("concurrent");
        entries(stream, 60);
        Map<String, String> consumerByEntry = new ConcurrentHashMap<>();
        Set<String> readersWithAnEntry = ConcurrentHashMap.newKeySet();
        CountDownLatch allThreeBusy = new CountDownLatch(3);
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + stream + "?group=g&consumerName=worker&concurrentConsumers=3&count=5&block=100")
                        .process(e -> {
                            consumerByEntry.put(e.getMessage().getBody(String.class),
                                    e.getMessage().getHeader(RedisStreamsConstants.CONSUMER, String.class));
                            // each reader's first entry waits until all three hold one: they read in parallel
                            if (readersWithAnEntry.add(Thread.currentThread().getName())) {
                                allThreeBusy.countDown();
                            }
                            assertThat(allThreeBusy.await(10, TimeUnit.SECONDS)).isTrue();
                        });
            }
        })) {
            await().until(() -> consumerByEntry.size() == 60);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(Set.copyOf(consumerByEntry.values())).containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3");
            assertThat(context.statistics(stream).consumers()).containsExactly("worker-1", "worker-2", "worker-3");
            assertThat(redis.xinfoConsumers(stream, "g")).hasSize(3);
            assertThat(List.copyOf(consumerByEntry.keySet())).hasSize(60);
        }
    }
}
