package io.orderflow.faults;

import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.runtime.EmbeddedPostgresServer;
import io.orderflow.runtime.EmbeddedRedisServer;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;

/**
 * The fault suite's own PostgreSQL and Redis, real servers it may stop and start without disturbing anything else
 * on the machine: PostgreSQL durable (fsync and synchronous commit on, as in production), Redis with its append-only
 * file, each restarted on the same port with the same data.
 */
final class FaultServers implements AutoCloseable {

    static final String DATABASE = "orderflow";

    private final Path directory;
    private final int postgresPort = RealServers.freePort();
    private EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redisConnection;

    FaultServers(Path directory) {
        this.directory = directory;
        this.postgres = EmbeddedPostgresServer.start(directory.resolve("pg"), true, postgresPort);
        postgres.createDatabase(DATABASE);
        this.redis = EmbeddedRedisServer.start(directory.resolve("redis"), RealServers.freePort(), null);
        this.redisClient = RedisClient.create(redis.url());
        redisClient.setDefaultTimeout(Duration.ofSeconds(10));
        this.redisConnection = redisClient.connect();
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    String redisUrl() {
        return redis.url();
    }

    TestDatabase database() {
        return new TestDatabase(jdbcUrl(), EmbeddedPostgresServer.USER, null);
    }

    /** The suite's own look at Redis (it reconnects by itself after a Redis restart). */
    RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    /** {@code pg_ctl stop -m fast} (sessions ended, open transactions rolled back), then a start on the same data. */
    void restartPostgres() {
        postgres.close();
        postgres = EmbeddedPostgresServer.start(directory.resolve("pg"), true, postgresPort);
    }

    /** SIGTERM: Redis writes its append-only file and exits. */
    void stopRedis() {
        redis.stop();
    }

    void startRedis() {
        redis.startAgain();
    }

    @Override
    public void close() {
        redisConnection.close();
        redisClient.shutdown();
        redis.close();
        postgres.close();
    }
}
