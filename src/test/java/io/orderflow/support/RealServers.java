package io.orderflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.runtime.EmbeddedPostgresServer;
import io.orderflow.runtime.EmbeddedRedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real PostgreSQL and Redis for tests: one embedded server of each per test JVM (throw-away data), or the
 * servers named by {@code ORDERFLOW_TEST_DB_URL} (plus {@code _USER}/{@code _PASSWORD}) and
 * {@code ORDERFLOW_TEST_REDIS_URL}. Each test class gets a fresh database, an empty Redis database and a free
 * HTTP port, published as JVM system properties, which Camel reads before {@code application.properties}.
 */
public final class RealServers implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Servers servers;
    private static TestDatabase database;
    private static int httpPort;
    private static EmbeddedRedisServer classRedis;
    private static RedisClient classRedisClient;
    private static StatefulRedisConnection<String, String> classRedisConnection;
    private static final List<String> published = new ArrayList<>();
    private static final List<Path> TEMPORARY_DIRECTORIES = new CopyOnWriteArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        Servers s = servers();
        String name = "oft_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        database = s.postgres().createDatabase(name);
        try (RedisClient client = RedisClient.create(s.redisUrl());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushdb();
        }
        closeClassRedis();
        if (context.getRequiredTestClass().isAnnotationPresent(PrivateRedis.class)) {
            classRedis = privateRedis();
            classRedisClient = RedisClient.create(classRedis.url());
            classRedisConnection = classRedisClient.connect();
        }
        httpPort = freePort();
        publish("orderflow.db.url", database.url());
        publish("orderflow.db.user", database.user());
        publish("orderflow.db.password", database.password() == null ? "" : database.password());
        publish("orderflow.redis.url", redisUrl());
        publish("orderflow.http.port", Integer.toString(httpPort));
        TestProperties extra = context.getRequiredTestClass().getAnnotation(TestProperties.class);
        if (extra != null) {
            for (String property : extra.value()) {
                int split = property.indexOf('=');
                publish(property.substring(0, split).trim(), property.substring(split + 1).trim());
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        published.forEach(System::clearProperty);
        published.clear();
    }

    private static void publish(String key, String value) {
        System.setProperty(key, value);
        published.add(key);
    }

    /** The database of the current test class. */
    public static TestDatabase database() {
        return database;
    }

    /** The Redis of the current test class: its private one, else the JVM's. */
    public static String redisUrl() {
        return classRedis != null ? classRedis.url() : servers().redisUrl();
    }

    /** The current class's own Redis (with {@link PrivateRedis}), to stop and start. */
    public static EmbeddedRedisServer classRedis() {
        if (classRedis == null) {
            throw new IllegalStateException("Annotate the test class with @PrivateRedis");
        }
        return classRedis;
    }

    private static void closeClassRedis() {
        if (classRedis != null) {
            classRedisConnection.close();
            classRedisClient.shutdown();
            classRedis.close();
            classRedis = null;
        }
    }

    public static URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public static int httpPort() {
        return httpPort;
    }

    /** A synchronous Redis client on the test Redis, for assertions (XPENDING, XINFO, XRANGE). */
    public static RedisCommands<String, String> redis() {
        return classRedis != null ? classRedisConnection.sync() : servers().redisCommands();
    }

    /**
     * A Redis of the test's own that it may stop and start (fault tests); closed by the caller.
     */
    public static EmbeddedRedisServer privateRedis() {
        try {
            return EmbeddedRedisServer.start(temporaryDirectory("orderflow-test-redis"), freePort(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory deleted when the test JVM ends (after the servers in it have stopped). */
    static Path temporaryDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        TEMPORARY_DIRECTORIES.add(dir);
        return dir;
    }

    private static void deleteTemporaryDirectories() {
        for (Path dir : TEMPORARY_DIRECTORIES) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Servers servers() {
        if (servers == null) {
            servers = Servers.start(System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeClassRedis();
                servers.close();
                deleteTemporaryDirectories();
            }, "test-servers-stop"));
        }
        return servers;
    }

    /** The JVM's servers, embedded or external. */
    private record Servers(TestPostgres postgres, String redisUrl, EmbeddedRedisServer embeddedRedis,
                           RedisClient redisClient, StatefulRedisConnection<String, String> redisConnection) {

        static Servers start(Map<String, String> env) {
            TestPostgres postgres = TestPostgres.start(env.get("ORDERFLOW_TEST_DB_URL"),
                    env.get("ORDERFLOW_TEST_DB_USER"), env.get("ORDERFLOW_TEST_DB_PASSWORD"));
            String redisUrl = env.get("ORDERFLOW_TEST_REDIS_URL");
            EmbeddedRedisServer embedded = null;
            if (redisUrl == null || redisUrl.isBlank()) {
                try {
                    embedded = EmbeddedRedisServer.start(temporaryDirectory("orderflow-test-redis"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                redisUrl = embedded.url();
            }
            RedisClient client = RedisClient.create(redisUrl);
            return new Servers(postgres, redisUrl, embedded, client, client.connect());
        }

        RedisCommands<String, String> redisCommands() {
            return redisConnection.sync();
        }

        void close() {
            redisConnection.close();
            redisClient.shutdown();
            if (embeddedRedis != null) {
                embeddedRedis.close();
            }
            postgres.close();
        }
    }

    /** Embedded PostgreSQL with fast, non-durable settings, or an external server. */
    private record TestPostgres(EmbeddedPostgresServer embedded, String adminUrl, String user, String password) {

        static TestPostgres start(String url, String user, String password) {
            if (url != null && !url.isBlank()) {
                return new TestPostgres(null, url, user, password);
            }
            try {
                Path dir = temporaryDirectory("orderflow-test-pg");
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("data"), false);
                return new TestPostgres(pg, pg.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        TestDatabase createDatabase(String name) {
            TestDatabase admin = new TestDatabase(adminUrl, user, password);
            admin.execute("DROP DATABASE IF EXISTS " + name);
            admin.execute("CREATE DATABASE " + name);
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            String url = adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
            return new TestDatabase(url, user, password);
        }

        void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
