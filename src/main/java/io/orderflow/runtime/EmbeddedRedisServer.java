package io.orderflow.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the 6.2 binary shipped in embedded-redis) running as a child process with
 * append-only persistence in a directory that survives restarts. It can be stopped and started again on
 * the same port, which the fault tests use.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer redis;
    private final int port;

    private EmbeddedRedisServer(RedisServer redis, int port) {
        this.redis = redis;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDirectory) {
        return start(dataDirectory, FreePort.find(), null);
    }

    /** Starts Redis; {@code password} (nullable) is required from clients when set. */
    public static EmbeddedRedisServer start(Path dataDirectory, int port, String password) {
        try {
            Path dir = Files.createDirectories(dataDirectory).toAbsolutePath();
            Path pidFile = dir.resolve("redis.pid");
            StaleProcess.stopIfRunning(pidFile, "redis", Duration.ofSeconds(30));
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir " + dir)
                    .setting("pidfile " + pidFile)
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("maxmemory-policy noeviction")
                    .settingIf(password != null, "requirepass " + password)
                    .soutListener(line -> LOG.debug("redis: {}", line))
                    .serrListener(line -> LOG.warn("redis: {}", line))
                    .build();
            EmbeddedRedisServer server = new EmbeddedRedisServer(redis, port);
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Redis in " + dataDirectory, e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return redis.isActive();
    }

    /** Starts the server again after {@link #stop()}, on the same port and with the same data. */
    public void startAgain() {
        try {
            redis.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Redis on port " + port, e);
        }
    }

    /** Stops the server (SIGTERM: Redis flushes its append-only file first). */
    public void stop() {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
