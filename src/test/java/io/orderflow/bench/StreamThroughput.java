package io.orderflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.orderflow.stream.RedisStreamsComponent;
import io.orderflow.stream.RedisStreamsConsumerStatistics;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Throughput of the redis-streams component against a running Redis (not a test): batch produce, then consume + ack
 * of the same entries by two groups, one exchange per entry and one exchange per read (batching). Run by
 * {@code bench/stream-throughput.sh}; prints one line per measurement, {@code name|entries|seconds|entries/s}.
 */
public final class StreamThroughput {

    private static final String STREAM = "bench:stream-throughput";

    private StreamThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("redis.url", "redis://127.0.0.1:6379");
        int entries = Integer.getInteger("entries", 100_000);
        int payloadSize = Integer.getInteger("payload.size", 300);
        int batchSize = Integer.getInteger("batch.size", 1000);
        int count = Integer.getInteger("count", 500);
        String payload = payload(payloadSize);

        try (RedisClient client = RedisClient.create(url); StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().del(STREAM);
            DefaultCamelContext camel = new DefaultCamelContext();
            RedisStreamsComponent component = new RedisStreamsComponent();
            component.setUri(url);
            camel.addComponent("redis-streams", component);
            LongAdder seen = new LongAdder();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + STREAM + "?group=bench-single&consumerName=bench&count=" + count + "&block=100")
                            .routeId("single").autoStartup(false).process(e -> seen.increment());
                    from("redis-streams:" + STREAM + "?group=bench-batching&consumerName=bench&batching=true&count=" + count
                            + "&block=100").routeId("batching").autoStartup(false)
                            .process(e -> seen.add(e.getMessage().getBody(List.class).size()));
                }
            });
            camel.start();
            try {
                ProducerTemplate producer = camel.createProducerTemplate();
                List<String> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(payload);
                }
                // warm up (JIT, connections) on a scratch stream before anything is measured
                for (int sent = 0; sent < 50_000; sent += batchSize) {
                    producer.sendBodyAndHeader("redis-streams:" + STREAM + "-warmup", batch, "event_type", "BenchmarkEvent");
                }
                for (int i = 0; i < 5_000; i++) {
                    producer.sendBodyAndHeader("redis-streams:" + STREAM + "-warmup", payload, "event_type", "BenchmarkEvent");
                }
                admin.sync().del(STREAM + "-warmup");

                long start = System.nanoTime();
                for (int sent = 0; sent < entries; sent += batchSize) {
                    producer.sendBodyAndHeader("redis-streams:" + STREAM, batch.subList(0, Math.min(batchSize, entries - sent)),
                            "event_type", "BenchmarkEvent");
                }
                report("produce, batches of " + batchSize + " (List body)", entries, System.nanoTime() - start);

                int single = Math.min(entries, 20_000);
                start = System.nanoTime();
                for (int i = 0; i < single; i++) {
                    producer.sendBodyAndHeader("redis-streams:" + STREAM + "-single", payload, "event_type", "BenchmarkEvent");
                }
                report("produce, one XADD per exchange", single, System.nanoTime() - start);
                admin.sync().del(STREAM + "-single");

                consume(camel, component, "single", "consume+ack, exchange per entry (count=" + count + ")", entries);
                consume(camel, component, "batching", "consume+ack, batching (count=" + count + ")", entries);
            } finally {
                camel.stop();
                admin.sync().del(STREAM);
            }
        }
    }

    private static void consume(DefaultCamelContext camel, RedisStreamsComponent component, String routeId, String name,
                                int entries) throws Exception {
        long start = System.nanoTime();
        camel.getRouteController().startRoute(routeId);
        String group = "bench-" + routeId;
        while (acked(component, group) < entries) {
            TimeUnit.MILLISECONDS.sleep(1);
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException(name + " did not finish: " + acked(component, group) + " acked");
            }
        }
        report(name, entries, System.nanoTime() - start);
        camel.getRouteController().stopRoute(routeId);
    }

    private static long acked(RedisStreamsComponent component, String group) {
        return component.consumerStatistics().stream().filter(s -> s.group().equals(group))
                .mapToLong(RedisStreamsConsumerStatistics::acked).sum();
    }

    private static void report(String name, int entries, long nanos) {
        double seconds = nanos / 1e9;
        System.out.println(String.format(Locale.ROOT, "RESULT|%s|%d|%.3f|%.0f", name, entries, seconds, entries / seconds));
    }

    private static String payload(int size) {
        StringBuilder json = new StringBuilder("{\"event_id\":\"5f0c2b1e-0000-4000-8000-000000000000\","
                + "\"event_type\":\"BenchmarkEvent\",\"aggregate_id\":\"order-1\",\"filler\":\"");
        while (json.length() < size - 2) {
            json.append('x');
        }
        return json.append("\"}").toString();
    }
}
