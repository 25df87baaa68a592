package io.orderflow.stream;

import java.time.Duration;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * One connection, opened on first use rather than at start: a route must start, and report itself down, while Redis
 * is unreachable. Once open, the connection reconnects by itself.
 */
final class RedisLink implements AutoCloseable {

    private final RedisConnector connector;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, byte[]> connection;

    RedisLink(RedisConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeout = timeout;
    }

    StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = connector.connect(timeout);
                }
                current = connection;
            }
        }
        return current;
    }

    RedisCommands<String, byte[]> sync() {
        return connection().sync();
    }

    RedisAsyncCommands<String, byte[]> async() {
        return connection().async();
    }

    /** True when the connection was opened and has lost its server (Lettuce is reconnecting). */
    boolean isDisconnected() {
        StatefulRedisConnection<String, byte[]> current = connection;
        return current != null && !current.isOpen();
    }

    RedisAvailability availability() {
        return connector.availability();
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
