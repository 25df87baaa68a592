package io.orderflow.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.runtime.EmbeddedRedisServer;
import io.orderflow.support.RealServers;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static io.orderflow.stream.StreamContext.pending;
import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis going away and coming back, on a Redis of the test's own (6.2 with an append-only file). */
@ExtendWith(RealServers.class)
class RedisStreamsOutageTest {

    /** The readiness of the consumer of {@code routeId}, as Camel Main's health endpoint would report it. */
    private static Optional<HealthCheck.State> readiness(CamelContext camel, String routeId) {
        HealthCheckRegistry registry = camel.getCamelContextExtension().getContextPlugin(HealthCheckRegistry.class);
        if (registry.getRepository("consumers").isEmpty()) {
            registry.register(registry.resolveById("consumers"));
        }
        return HealthCheckHelper.invokeReadiness(camel).stream()
                .filter(result -> result.getCheck().getId().equals("consumer:" + routeId))
                .map(HealthCheck.Result::getState).findFirst();
    }

    @Test
    void resumesAfterRedisRestartsMidStreamAndProcessesEveryEntry() throws Exception {
        String stream = uniqueStream("outage");
        Semaphore permits = new Semaphore(50);
        Set<String> processed = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        ListAppender<ILoggingEvent> availabilityLog = capture(RedisAvailability.class);
        try (EmbeddedRedisServer server = RealServers.privateRedis();
             StreamContext context = StreamContext.start(server.url(), new RouteBuilder() {
                 @Override
                 public void configure() {
                     from("redis-streams:" + stream + "?group=g&consumerName=c&count=20&block=200").routeId("outage")
                             .process(e -> {
                                 assertThat(permits.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
                                 deliveries.incrementAndGet();
                                 processed.add(e.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class));
                             });
                 }
             })) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                elements.add("entry " + i);
            }
            @SuppressWarnings("unchecked")
            List<String> ids = context.template().send("redis-streams:" + stream, e -> e.getMessage().setBody(elements))
                    .getMessage().getHeader(RedisStreamsConstants.ENTRY_IDS, List.class);
            await().until(() -> processed.size() == 50);

            server.stop();
            await().until(() -> readiness(context.camel(), "outage").orElseThrow() == HealthCheck.State.DOWN);
            // the batch in hand is finished while Redis is away: its XACKs fail and wait for Redis
            permits.release(Integer.MAX_VALUE / 2);
            await().until(() -> processed.size() >= 60);
            // a few seconds of outage, reported DOWN throughout, while reads and XACKs are retried with backoff
            await().during(3, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> readiness(context.camel(), "outage").orElseThrow() == HealthCheck.State.DOWN);
            server.startAgain();

            await().atMost(30, TimeUnit.SECONDS).until(() -> processed.size() == 300);
            assertThat(processed).containsExactlyInAnyOrderElementsOf(ids);
            try (RedisClient client = RedisClient.create(server.url());
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                await().until(() -> pending(redis, stream, "g").isEmpty());
            }
            await().until(() -> readiness(context.camel(), "outage").orElseThrow() == HealthCheck.State.UP);
            // at most a redelivery of what was in hand, never an entry lost
            assertThat(deliveries.get()).isBetween(300, 320);
            assertThat(messages(availabilityLog, Level.WARN)).hasSize(1);
            assertThat(messages(availabilityLog, Level.INFO)).hasSize(1);
        } finally {
            release(RedisAvailability.class, availabilityLog);
        }
    }

    @Test
    void reportsTheConsumerDownWhileRedisIsUnreachableAndUpAgainByItself() throws Exception {
        String stream = uniqueStream("health");
        try (EmbeddedRedisServer server = RealServers.privateRedis();
             StreamContext context = StreamContext.start(server.url(), new RouteBuilder() {
                 @Override
                 public void configure() {
                     from("redis-streams:" + stream + "?group=g&block=200").routeId("health").log("${body}");
                 }
             })) {
            await().until(() -> readiness(context.camel(), "health").orElseThrow() == HealthCheck.State.UP);

            server.stop();
            await().until(() -> readiness(context.camel(), "health").orElseThrow() == HealthCheck.State.DOWN);
            await().during(2, TimeUnit.SECONDS).atMost(4, TimeUnit.SECONDS)
                    .until(() -> readiness(context.camel(), "health").orElseThrow() == HealthCheck.State.DOWN);

            server.startAgain();
            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> readiness(context.camel(), "health").orElseThrow() == HealthCheck.State.UP);
            context.template().sendBody("redis-streams:" + stream, "after the outage");
            try (RedisClient client = RedisClient.create(server.url());
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                await().until(() -> context.statistics(stream).acked() == 1 && pending(connection.sync(), stream, "g").isEmpty());
            }
        }
    }

    @Test
    void authenticatesWithThePasswordInTheUriAndKeepsItOutOfTheServiceUrl() throws Exception {
        String stream = uniqueStream("auth");
        int port = RealServers.freePort();
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(Files.createTempDirectory("redis-auth"), port, "s3cret");
             StreamContext context = StreamContext.start("redis://:s3cret@127.0.0.1:" + port, new RouteBuilder() {
                 @Override
                 public void configure() {
                     from("redis-streams:" + stream + "?group=g&block=200").process(e -> received.add(e.getMessage().getBody(String.class)));
                 }
             })) {
            context.template().sendBody("redis-streams:" + stream, "authenticated");
            await().until(() -> received.contains("authenticated"));
            RedisStreamsEndpoint endpoint = context.camel().getEndpoint("redis-streams:" + stream, RedisStreamsEndpoint.class);
            assertThat(endpoint.getServiceUrl()).contains(Integer.toString(port)).doesNotContain("s3cret");
            try (RedisClient client = RedisClient.create("redis://:s3cret@127.0.0.1:" + port);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                await().until(() -> pending(connection.sync(), stream, "g").isEmpty());
                assertThat(connection.sync().xlen(stream)).isEqualTo(1);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    private static void release(Class<?> type, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender, Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
