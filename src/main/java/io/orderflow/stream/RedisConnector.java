package io.orderflow.stream;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

/**
 * Opens connections to one Redis (one URI) and tracks whether it answers. Connections reconnect by themselves but
 * reject commands while disconnected: Lettuce would otherwise buffer them and replay them after reconnecting, which
 * can append an entry twice; the caller retries instead.
 */
final class RedisConnector implements AutoCloseable {

    /** Keys and field names as UTF-8 strings, values as raw bytes so payloads pass through byte for byte. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final RedisAvailability availability;

    RedisConnector(String uri, ClientResources resources) {
        RedisURI redisUri = RedisURI.create(uri);
        this.client = RedisClient.create(resources, redisUri);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .build());
        // RedisURI#toString masks the password
        this.availability = new RedisAvailability(redisUri.toString());
    }

    /** A new connection whose commands time out after {@code timeout}. */
    StatefulRedisConnection<String, byte[]> connect(Duration timeout) {
        try {
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            connection.setTimeout(timeout);
            availability.reachable();
            return connection;
        } catch (RuntimeException e) {
            availability.failed(e);
            throw e;
        }
    }

    RedisAvailability availability() {
        return availability;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
