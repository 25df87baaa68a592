package io.orderflow.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.orderflow.support.Http;
import io.orderflow.support.JarProcess;
import io.orderflow.support.RealServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The jar against a Redis that demands credentials, as in production: an ACL user restricted to Orderflow's keys
 * (the default user switched off), and TLS ({@code rediss://}) with a password ({@code requirepass}). Credentials come
 * only from the environment or mounted files, and none of them ever appears in the log, even at DEBUG.
 * Needs {@code redis-server} (7.x, built with TLS) and {@code openssl} on the PATH.
 */
@ExtendWith(RealServers.class)
class RedisSecurityIT {

    private static final String REDIS_PASSWORD = "redis-Pw-9f1c2e";
    private static final String ADMIN_TOKEN = "admin-Token-5b7d0a";
    private static final String DB_PASSWORD = "db-Pw-3e8a41";
    /** The ACL the README recommends: Orderflow's keys only, nothing dangerous (FLUSHALL, CONFIG, KEYS, ...). */
    static final String ACL = "~order-stream* ~inventory-stream* +@all -@dangerous";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedisServerAndOpenssl() {
        assumeThat(onPath("redis-server")).as("redis-server on the PATH").isTrue();
        assumeThat(onPath("openssl")).as("openssl on the PATH").isTrue();
    }

    @Test
    void worksAsARestrictedAclUserWithSecretsFromMountedFilesAndNeverLogsThem() throws Exception {
        int port = RealServers.freePort();
        Path conf = Files.writeString(dir.resolve("redis.conf"), """
                port %d
                bind 127.0.0.1
                save ""
                appendonly no
                user default off
                user orderflow on >%s %s
                user probe on >probe ~* &* +@all
                """.formatted(port, REDIS_PASSWORD, ACL));
        Path redisUrl = Files.writeString(dir.resolve("redis-url"),
                "redis://orderflow:" + REDIS_PASSWORD + "@127.0.0.1:" + port + "\n");
        Path adminToken = Files.writeString(dir.resolve("admin-token"), ADMIN_TOKEN + "\n");
        Map<String, String> env = new HashMap<>(JarProcess.onTestServers("orders,relay,inventory"));
        env.remove("ORDERFLOW_REDIS_URL");
        env.put("ORDERFLOW_REDIS_URL_FILE", redisUrl.toString());
        env.put("ORDERFLOW_ADMIN_TOKEN_FILE", adminToken.toString());
        // the test database trusts every local connection: the password is sent and ignored, which is enough to
        // see whether it is ever logged
        env.put("ORDERFLOW_DB_PASSWORD", DB_PASSWORD);
        env.put("ORDERFLOW_LOG_LEVEL", "DEBUG");

        try (RedisProcess redis = RedisProcess.start(dir, conf, port);
             JarProcess jar = JarProcess.start("acl-user", dir, env).awaitReady()) {
            placeAnOrderAndAwaitConfirmation(jar);

            assertThat(send(jar, "/admin/dead-letters", ADMIN_TOKEN).statusCode()).isEqualTo(200);
            assertThat(send(jar, "/admin/dead-letters", "wrong").statusCode()).isEqualTo(401);
            try (RedisClient client = RedisClient.create("redis://probe:probe@127.0.0.1:" + port);
                 StatefulRedisConnection<String, String> probe = client.connect()) {
                assertThat(probe.sync().aclLog()).as("commands or keys the ACL refused").isEmpty();
                assertThat(probe.sync().clientList()).contains("user=orderflow");
            }

            jar.sigterm();
            jar.awaitExit(Duration.ofSeconds(45));
            assertThat(jar.log()).as("log at DEBUG").hasSizeGreaterThan(100_000)
                    .doesNotContain(REDIS_PASSWORD).doesNotContain(ADMIN_TOKEN).doesNotContain(DB_PASSWORD);
        }
    }

    @Test
    void worksOverTlsWithAPassword() throws Exception {
        Tls tls = Tls.create(dir);
        int port = RealServers.freePort();
        Path conf = Files.writeString(dir.resolve("redis-tls.conf"), """
                port 0
                tls-port %d
                bind 127.0.0.1
                tls-cert-file %s
                tls-key-file %s
                tls-ca-cert-file %s
                tls-auth-clients no
                save ""
                appendonly no
                requirepass %s
                """.formatted(port, tls.certificate(), tls.key(), tls.ca(), REDIS_PASSWORD));
        Map<String, String> env = new HashMap<>(JarProcess.onTestServers("orders,relay,inventory"));
        env.put("ORDERFLOW_REDIS_URL", "rediss://:" + REDIS_PASSWORD + "@127.0.0.1:" + port);

        try (RedisProcess redis = RedisProcess.start(dir, conf, port);
             JarProcess jar = JarProcess.start("tls", dir, env, List.of(
                     "-Djavax.net.ssl.trustStore=" + tls.trustStore(), "-Djavax.net.ssl.trustStorePassword=changeit"))
                     .awaitReady()) {
            placeAnOrderAndAwaitConfirmation(jar);
            assertThat(jar.log()).doesNotContain(REDIS_PASSWORD);
        }
    }

    private static void placeAnOrderAndAwaitConfirmation(JarProcess jar) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jar.uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customer_id\": \"secure\", \"total_amount\": 5, \"items\": [{\"sku\": \"SKU-3\", \"quantity\": 1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Http.json(jar.get("/orders/" + id).body()).get("status").asText()).isEqualTo("CONFIRMED"));
    }

    private static HttpResponse<String> send(JarProcess jar, String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(jar.uri(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** A redis-server of the test's own, from a configuration file. */
    private record RedisProcess(Process process, Path logFile) implements AutoCloseable {

        static RedisProcess start(Path dir, Path conf, int port) throws IOException {
            Path log = dir.resolve("redis-" + port + ".log");
            Process process = new ProcessBuilder("redis-server", conf.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RedisProcess redis = new RedisProcess(process, log);
            await().atMost(Duration.ofSeconds(20)).failFast(() -> !process.isAlive())
                    .until(() -> redis.log().contains("Ready to accept connections"));
            return redis;
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A throw-away CA and a server certificate for 127.0.0.1, plus the CA in a PKCS12 trust store for Java. */
    private record Tls(Path ca, Path certificate, Path key, Path trustStore) {

        static Tls create(Path dir) throws Exception {
            Path ca = dir.resolve("ca.crt");
            Path caKey = dir.resolve("ca.key");
            Path key = dir.resolve("redis.key");
            Path csr = dir.resolve("redis.csr");
            Path certificate = dir.resolve("redis.crt");
            Path extensions = Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
            Path trustStore = dir.resolve("trust.p12");
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=orderflow-test-ca",
                    "-keyout", caKey.toString(), "-out", ca.toString());
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-keyout", key.toString(), "-out", csr.toString());
            run(dir, "openssl", "x509", "-req", "-days", "1", "-in", csr.toString(), "-CA", ca.toString(),
                    "-CAkey", caKey.toString(), "-CAcreateserial", "-extfile", extensions.toString(), "-out", certificate.toString());
            run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                    "-alias", "orderflow-test-ca", "-file", ca.toString(), "-keystore", trustStore.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit");
            return new Tls(ca, certificate, key, trustStore);
        }

        private static void run(Path dir, String... command) throws Exception {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        }
    }
}
