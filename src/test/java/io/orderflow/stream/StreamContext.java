package io.orderflow.stream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A plain Camel context with the redis-streams component pointed at one Redis, for component tests: no Orderflow
 * application, just the routes a test defines.
 */
final class StreamContext implements AutoCloseable {

    private static final AtomicInteger STREAMS = new AtomicInteger();

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final RedisStreamsComponent component = new RedisStreamsComponent();
    private ProducerTemplate template;

    private StreamContext(String redisUrl) {
        component.setUri(redisUrl);
        camel.addComponent("redis-streams", component);
        camel.getShutdownStrategy().setTimeout(20);
    }

    static StreamContext start(String redisUrl, RoutesBuilder... routes) throws Exception {
        StreamContext context = new StreamContext(redisUrl);
        for (RoutesBuilder route : routes) {
            context.camel.addRoutes(route);
        }
        context.camel.start();
        return context;
    }

    /** A stream name no other test uses. */
    static String uniqueStream(String purpose) {
        return purpose + "-" + ProcessHandle.current().pid() + "-" + STREAMS.incrementAndGet();
    }

    /** The pending entries of a group (XPENDING extended form). */
    static List<PendingMessage> pending(RedisCommands<String, String> redis, String stream, String group) {
        return redis.xpending(stream, group, Range.create("-", "+"), Limit.from(1000));
    }

    static List<PendingMessage> pending(RedisCommands<String, String> redis, String stream, String group, String consumer) {
        return redis.xpending(stream, Consumer.from(group, consumer), Range.create("-", "+"), Limit.from(1000));
    }

    CamelContext camel() {
        return camel;
    }

    RedisStreamsComponent component() {
        return component;
    }

    ProducerTemplate template() {
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template;
    }

    RedisStreamsConsumerStatistics statistics(String stream) {
        return component.consumerStatistics().stream().filter(s -> s.stream().equals(stream)).findFirst().orElseThrow();
    }

    void stopRoute(String routeId) throws Exception {
        camel.getRouteController().stopRoute(routeId);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
