package io.orderflow.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * Asks Redis, on a connection of its own, how far behind the consumer groups of this process are: one script call per
 * refresh for all groups ({@code stream-groups.lua}), or a PING when the process consumes nothing (the relay). The
 * answer, or its failure, is this process's view of whether Redis is reachable.
 */
final class RedisProbe extends Probe {

    /** On Redis before 7, lag is counted on the server up to this many entries per group and refresh. */
    static final int LAG_CAP = 10_000;

    private static final String SCRIPT = script();

    private final RedisURI uri;
    private final Duration timeout;
    private volatile Map<StreamGroup, GroupState> groups = Map.of();
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisProbe(String uri, Duration timeout, Clock clock) {
        super("Redis", clock);
        this.uri = RedisURI.create(uri);
        this.timeout = timeout;
    }

    /** The last answer per group; a group Redis did not answer for is absent. */
    Map<StreamGroup, GroupState> groups() {
        return groups;
    }

    /** Asks about {@code watched}; on failure the last answer is forgotten rather than shown as current. */
    void refresh(List<StreamGroup> watched) {
        try {
            RedisCommands<String, String> redis = connection().sync();
            if (watched.isEmpty()) {
                redis.ping();
                groups = Map.of();
            } else {
                groups = ask(redis, watched);
            }
            succeeded(target());
        } catch (RuntimeException e) {
            groups = Map.of();
            failed(target(), e);
        }
    }

    private static Map<StreamGroup, GroupState> ask(RedisCommands<String, String> redis, List<StreamGroup> watched) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(LAG_CAP));
        for (StreamGroup group : watched) {
            keys.add(group.stream());
            keys.add(group.deadLetterStream());
            args.add(group.group());
        }
        List<Object> reply = redis.eval(SCRIPT, ScriptOutputType.MULTI, keys.toArray(String[]::new),
                args.toArray(String[]::new));
        Map<StreamGroup, GroupState> states = new HashMap<>();
        for (int i = 0; i < watched.size(); i++) {
            List<?> values = (List<?>) reply.get(i);
            states.put(watched.get(i), new GroupState(number(values.get(0)), number(values.get(1)),
                    number(values.get(2)) / 1000.0, number(values.get(3))));
        }
        return states;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (client == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // a probe must fail while Redis is away, not queue its question for later
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                    .build());
        }
        if (connection == null) {
            // opened on first use: the process starts, and reports Redis down, while Redis is unreachable
            connection = client.connect();
            connection.setTimeout(timeout);
        }
        return connection;
    }

    /** Where Redis is, without credentials. */
    private String target() {
        return uri.getHost() + ":" + uri.getPort();
    }

    synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            client = null;
        }
    }

    private static String script() {
        try (InputStream in = RedisProbe.class.getResourceAsStream("stream-groups.lua")) {
            if (in == null) {
                throw new IllegalStateException("stream-groups.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
