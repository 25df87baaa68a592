package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.orderflow.support.RealServers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.pending;
import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealServers.class)
class RedisStreamsDeadLetterTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final RedisCommands<String, String> redis = RealServers.redis();

    private static RouteBuilder alwaysFailing(String uri, AtomicInteger attempts) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("handler keeps failing");
                });
            }
        };
    }

    /** A dead-letter channel as our routes use it: original message, no handling of a failed dead-letter write. */
    private static RouteBuilder deadLetterChannel(String stream, String group, AtomicInteger attempts) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("redis-streams:" + stream + ":" + group + ":dlq?mode=deadLetter")
                        .deadLetterHandleNewException(false).useOriginalMessage()
                        .maximumRedeliveries(2).redeliveryDelay(0).onRedelivery(new RedisStreamsRedeliveryCounter()));
                from("redis-streams:" + stream + "?group=" + group + "&consumerName=c&block=100&redeliveryDelay=100")
                        .process(e -> {
                            attempts.incrementAndGet();
                            throw new IllegalArgumentException("not a valid event");
                        });
            }
        };
    }

    private static Map<String, String> entryFields(String stream, String group, String consumer) {
        return Map.of("payload", "{\"event_id\":\"e-9\"}", "event_type", "OrderCreated", "event_id", "e-9",
                "traceparent", TRACEPARENT);
    }

    @Test
    void movesAnEntryDeliveredMoreThanMaxDeliveriesToTheDeadLetterStreamWithoutProcessingIt() throws Exception {
        String stream = uniqueStream("max-deliveries");
        AtomicInteger attempts = new AtomicInteger();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), alwaysFailing("redis-streams:" + stream
                + "?group=g&consumerName=c&block=100&redeliveryDelay=100&maxDeliveries=3", attempts))) {
            await().until(() -> !context.component().groupInfo(stream).isEmpty());
            String id = redis.xadd(stream, entryFields(stream, "g", "c"));

            await().until(() -> redis.xlen(stream + ":g:dlq") == 1);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(attempts).hasValue(3);
            Map<String, String> dead = redis.xrange(stream + ":g:dlq", Range.create("-", "+")).get(0).getBody();
            assertThat(dead).contains(entry("payload", "{\"event_id\":\"e-9\"}"), entry("original_stream", stream),
                    entry("original_id", id), entry("group", "g"), entry("consumer", "c"),
                    entry("event_type", "OrderCreated"), entry("event_id", "e-9"), entry("traceparent", TRACEPARENT),
                    entry("error_class", DeliveryLimitExceededException.class.getName()), entry("attempts", "3"));
            assertThat(dead.get("error_message")).contains("delivered 4 times");
            assertThat(Instant.parse(dead.get("failed_at"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(context.statistics(stream).deadLettered()).isEqualTo(1);
        }
    }

    @Test
    void aDeadLetterChannelWritesTheContractEntryWithTheOriginalBytesAndThenAcknowledges() throws Exception {
        String stream = uniqueStream("dlc");
        byte[] notUtf8 = { '{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}' };
        AtomicInteger attempts = new AtomicInteger();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), deadLetterChannel(stream, "g", attempts));
             RedisClient client = RedisClient.create(RealServers.redisUrl());
             StatefulRedisConnection<String, byte[]> raw =
                     client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            String id = raw.sync().xadd(stream, Map.of("payload", notUtf8,
                    "event_type", "OrderCreated".getBytes(StandardCharsets.UTF_8),
                    "traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8)));

            await().until(() -> redis.xlen(stream + ":g:dlq") == 1);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(attempts).hasValue(3);
            List<StreamMessage<String, byte[]>> dead = raw.sync().xrange(stream + ":g:dlq", Range.create("-", "+"));
            Map<String, byte[]> fields = dead.get(0).getBody();
            assertThat(fields.get("payload")).isEqualTo(notUtf8);
            assertThat(text(fields, "original_stream")).isEqualTo(stream);
            assertThat(text(fields, "original_id")).isEqualTo(id);
            assertThat(text(fields, "group")).isEqualTo("g");
            assertThat(text(fields, "consumer")).isEqualTo("c");
            assertThat(text(fields, "event_type")).isEqualTo("OrderCreated");
            assertThat(text(fields, "traceparent")).isEqualTo(TRACEPARENT);
            assertThat(text(fields, "error_class")).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(text(fields, "error_message")).isEqualTo("not a valid event");
            assertThat(text(fields, "attempts")).isEqualTo("3");
            assertThat(fields).containsKey("failed_at").doesNotContainKey("event_id");
            assertThat(redis.hget(stream + ":g:dlq:index", stream + ":" + id)).isEqualTo(dead.get(0).getId());
        }
    }

    @Test
    void writesOneDeadLetterEntryPerOriginalEntryEvenWhenAskedTwice() throws Exception {
        String stream = uniqueStream("dlq-dedup");
        String original = redis.xadd(stream, Map.of("payload", "poison"));
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            List<String> deadLetterIds = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 2; i++) {
                Exchange result = context.template().send("redis-streams:" + stream + ":g:dlq?mode=deadLetter", e -> {
                    e.getMessage().setBody("poison");
                    e.getMessage().setHeader(RedisStreamsConstants.STREAM, stream);
                    e.getMessage().setHeader(RedisStreamsConstants.ENTRY_ID, original);
                    e.getMessage().setHeader(RedisStreamsConstants.GROUP, "g");
                    e.getMessage().setHeader(RedisStreamsConstants.CONSUMER, "c");
                    e.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("poison"));
                });
                assertThat(result.getException()).isNull();
                deadLetterIds.add(result.getMessage().getHeader(RedisStreamsConstants.DEAD_LETTER_ID, String.class));
            }
            assertThat(redis.xlen(stream + ":g:dlq")).isEqualTo(1);
            assertThat(deadLetterIds.get(0)).isNotNull().isEqualTo(deadLetterIds.get(1));
        }
    }

    @Test
    void leavesTheEntryPendingWhenTheDeadLetterWriteFailsAndDeadLettersItOnceItWorksAgain() throws Exception {
        String stream = uniqueStream("dlq-write-fails");
        String deadLetters = stream + ":g:dlq";
        redis.set(deadLetters, "not a stream: every XADD to it fails with WRONGTYPE");
        AtomicInteger attempts = new AtomicInteger();
        try (StreamContext context = StreamContext.start(RealServers.redisUrl(), deadLetterChannel(stream, "g", attempts))) {
            String id = context.template().send("redis-streams:" + stream, e -> e.getMessage().setBody("poison"))
                    .getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class);

            // failed twice with its dead letter unwritten: still pending, never acknowledged
            await().until(() -> attempts.get() >= 6);
            assertThat(pending(redis, stream, "g")).singleElement().satisfies(p -> {
                assertThat(p.getId()).isEqualTo(id);
                assertThat(p.getRedeliveryCount()).isGreaterThanOrEqualTo(2);
            });
            assertThat(context.statistics(stream).acked()).isZero();

            redis.del(deadLetters);
            await().until(() -> redis.exists(deadLetters) == 1 && redis.xlen(deadLetters) == 1);
            await().until(() -> pending(redis, stream, "g").isEmpty());
            assertThat(redis.xrange(deadLetters, Range.create("-", "+")).get(0).getBody())
                    .contains(entry("original_id", id), entry("payload", "poison"));
        }
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
