package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.runtime.EmbeddedRedisServer;
import io.orderflow.support.RealServers;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.uniqueStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(RealServers.class)
class RedisStreamsBatchProducerTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    @Test
    void appendsAThousandEntriesOfAListBodyInOneBatchAndReturnsTheirIdsInElementOrder() throws Exception {
        String stream = uniqueStream("batch");
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            elements.add(switch (i % 3) {
                case 0 -> "text-" + i;
                case 1 -> ("bytes-" + i).getBytes(StandardCharsets.UTF_8);
                default -> Map.of("payload", "map-" + i, "event_type", "FromMap");
            });
        }
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            Exchange result = context.template().send("redis-streams:" + stream, e -> {
                e.getMessage().setBody(elements);
                e.getMessage().setHeader("event_type", "FromHeader");
            });

            assertThat(result.getException()).isNull();
            @SuppressWarnings("unchecked")
            List<String> ids = result.getMessage().getHeader(RedisStreamsConstants.ENTRY_IDS, List.class);
            List<StreamMessage<String, String>> entries = redis.xrange(stream, Range.create("-", "+"));
            assertThat(entries).hasSize(1000);
            assertThat(ids).containsExactlyElementsOf(entries.stream().map(StreamMessage::getId).toList());
            assertThat(entries.get(0).getBody()).containsExactly(entry("payload", "text-0"), entry("event_type", "FromHeader"));
            assertThat(entries.get(1).getBody()).containsExactly(entry("payload", "bytes-1"), entry("event_type", "FromHeader"));
            assertThat(entries.get(2).getBody()).containsOnly(entry("payload", "map-2"), entry("event_type", "FromMap"));
            assertThat(entries.get(999).getBody()).containsEntry("payload", "text-999");
        }
    }

    @Test
    void sendsTheWholeBatchInOnePipelinedWriteNotOneRoundTripPerEntry() throws Exception {
        String stream = uniqueStream("batch-pipelined");
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            elements.add("entry " + i);
        }
        try (EmbeddedRedisServer server = RealServers.privateRedis();
             RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> connection = client.connect();
             StreamContext context = StreamContext.start(server.url())) {
            context.template().sendBody("redis-streams:" + stream, "connect first");
            long readsBefore = readsProcessed(connection.sync());

            context.template().sendBody("redis-streams:" + stream, elements);

            // one entry per round trip would need at least 1000 socket reads on the server; a pipeline needs a few
            long reads = readsProcessed(connection.sync()) - readsBefore;
            assertThat(reads).isLessThan(100);
            assertThat(connection.sync().xlen(stream)).isEqualTo(1001);
        }
    }

    /** Redis's count of socket read events (INFO stats), over all clients; 2 of them are the INFO calls. */
    private static long readsProcessed(RedisCommands<String, String> redis) {
        return Long.parseLong(redis.info("stats").lines().filter(l -> l.startsWith("total_reads_processed:"))
                .findFirst().orElseThrow().substring("total_reads_processed:".length()).trim());
    }

    @Test
    void rejectsABatchWithAnInvalidElementBeforeWritingAnything() throws Exception {
        String stream = uniqueStream("batch-invalid");
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            List<Object> elements = List.of("fine", Map.of("event_type", "no payload"));
            assertThatThrownBy(() -> context.template().sendBody("redis-streams:" + stream, elements))
                    .isInstanceOf(CamelExecutionException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists(stream)).isZero();
        }
    }

    @Test
    void reportsExactlyWhichEntriesOfAPartlyFailedBatchWereAppended() throws Exception {
        String stream = uniqueStream("batch-partial");
        // Redis refuses writes (OOM, noeviction) once its memory limit is reached, in the middle of the batch
        try (EmbeddedRedisServer server = RealServers.privateRedis();
             RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> connection = client.connect();
             StreamContext context = StreamContext.start(server.url())) {
            RedisCommands<String, String> own = connection.sync();
            long used = Long.parseLong(own.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                    .findFirst().orElseThrow().substring("used_memory:".length()).trim());
            own.configSet("maxmemory", Long.toString(used + 300_000));
            String big = "x".repeat(10_000);
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                elements.add(i + ":" + big);
            }

            Exchange result = context.template().send("redis-streams:" + stream, e -> e.getMessage().setBody(elements));

            assertThat(result.getException()).isInstanceOf(RedisStreamsBatchException.class);
            RedisStreamsBatchException failure = (RedisStreamsBatchException) result.getException();
            List<String> ids = failure.entryIds();
            assertThat(ids).hasSize(200);
            List<String> appended = ids.stream().filter(Objects::nonNull).toList();
            assertThat(appended).isNotEmpty().hasSizeLessThan(200);
            assertThat(failure.failures()).hasSize(200 - appended.size());
            assertThat(failure.failures().values()).allSatisfy(e -> assertThat(e.getMessage()).contains("OOM"));
            assertThat(result.getMessage().getHeader(RedisStreamsConstants.ENTRY_IDS)).isEqualTo(ids);
            List<StreamMessage<String, String>> inRedis = own.xrange(stream, Range.create("-", "+"));
            assertThat(inRedis.stream().map(StreamMessage::getId).toList()).containsExactlyElementsOf(appended);
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) != null) {
                    String id = ids.get(i);
                    String payload = inRedis.stream().filter(m -> m.getId().equals(id)).findFirst().orElseThrow()
                            .getBody().get("payload");
                    assertThat(payload).startsWith(i + ":");
                }
            }
        }
    }

    @Test
    void trimsTheStreamApproximatelyToMaxLenWhenAsked() throws Exception {
        String stream = uniqueStream("trim");
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            elements.add("entry " + i);
        }
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            context.template().sendBody("redis-streams:" + stream + "?maxLen=100", elements);
            context.template().sendBody("redis-streams:" + stream + "?maxLen=100", "one more");
            assertThat(redis.xlen(stream)).isBetween(100L, 999L);
            assertThat(redis.xrevrange(stream, Range.create("-", "+"), io.lettuce.core.Limit.from(1)).get(0).getBody())
                    .containsEntry("payload", "one more");
        }
    }
}
