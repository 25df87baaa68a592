package io.orderflow.jar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as an operator runs it: {@code java -jar target/orderflow.jar} with no configuration starts
 * embedded PostgreSQL and Redis, keeps their data across a restart, layers configuration (working-directory
 * file, environment), loads extra routes from disk, logs JSON, and with server URLs set starts nothing embedded.
 */
@ExtendWith(RealServers.class)
class OrderflowJarIT {

    private static final Path JAR = Path.of(System.getProperty("orderflow.jar", "target/orderflow.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void runsOnEmbeddedServersWithNoConfigurationAndKeepsItsDataAcrossARestart() throws Exception {
        Files.writeString(workDir.resolve("application.properties"), "orderflow.http.max-body-size = 2000\n");
        Files.createDirectories(workDir.resolve("routes"));
        Files.writeString(workDir.resolve("routes/ping.camel.yaml"), """
                - route:
                    id: ping
                    from:
                      uri: platform-http:/ping
                      steps:
                        - setBody:
                            constant: pong
                """);
        int port = RealServers.freePort();

        String orderId;
        try (RunningJar jar = RunningJar.start(workDir, Map.of("ORDERFLOW_HTTP_PORT", Integer.toString(port)))) {
            long started = jar.awaitFirst201(port);
            System.out.printf("jar (embedded servers, first start): first 201 after %d ms%n", started);
            assertThat(jar.log()).contains("EMBEDDED PostgreSQL").contains("EMBEDDED Redis");
            assertEveryLineIsJson(jar.log());

            HttpResponse<String> created = post(port, "{\"customer_id\": \"jar\", \"total_amount\": 1.25}");
            assertThat(created.statusCode()).isEqualTo(201);
            orderId = JSON.readTree(created.body()).get("id").asText();
            String order = orderId;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jar.log().lines()
                    .filter(l -> l.contains("\"logger\":\"orderflow.flow.http\"") && l.contains("\"order_id\":\"" + order))
                    .filter(l -> l.matches(".*\"trace_id\":\"[0-9a-f]{32}\".*"))).as("the JSON access line").isNotEmpty());
            assertThat(post(port, "{\"customer_id\": \"" + "x".repeat(3000) + "\", \"total_amount\": 1}").statusCode())
                    .as("max body size from ./application.properties").isEqualTo(413);
            assertThat(get(port, "/ping").body()).isEqualTo("pong");
            // readiness may still be waiting for a first answer from Redis right after the start
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(port, "/observe/health").statusCode()).isEqualTo(200));

            assertThat(jar.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(jar.log()).doesNotContain("Exception in thread");
        }
        assertThat(workDir.resolve("data/postgres/postmaster.pid")).as("embedded PostgreSQL stopped").doesNotExist();

        try (RunningJar again = RunningJar.start(workDir, Map.of("ORDERFLOW_HTTP_PORT", Integer.toString(port)))) {
            long started = again.awaitFirst201(port);
            System.out.printf("jar (embedded servers, restart): first 201 after %d ms%n", started);
            HttpResponse<String> earlier = get(port, "/orders/" + orderId);
            assertThat(earlier.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(earlier.body()).get("customer_id").asText()).isEqualTo("jar");
        }
    }

    @Test
    void withServerUrlsSetStartsNothingEmbedded() throws Exception {
        TestDatabase db = RealServers.database();
        int port = RealServers.freePort();
        Map<String, String> env = Map.of(
                "ORDERFLOW_HTTP_PORT", Integer.toString(port),
                "ORDERFLOW_DB_URL", db.url(),
                "ORDERFLOW_DB_USER", db.user(),
                "ORDERFLOW_REDIS_URL", RealServers.redisUrl());

        try (RunningJar jar = RunningJar.start(workDir, env)) {
            long started = jar.awaitFirst201(port);
            System.out.printf("jar (external servers): first 201 after %d ms%n", started);
            assertThat(jar.log()).doesNotContain("EMBEDDED");
            assertThat(workDir.resolve("data")).doesNotExist();
            assertThat(db.count("SELECT count(*) FROM orders.outbox WHERE event_type = 'OrderCreated'")).isPositive();
        }
    }

    private static void assertEveryLineIsJson(String log) {
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            try {
                JsonNode entry = JSON.readTree(line);
                assertThat(entry.has("timestamp") && entry.has("level") && entry.has("logger") && entry.has("message")
                        && entry.has("service")).as(line).isTrue();
            } catch (IOException e) {
                throw new AssertionError("Not a JSON log line: " + line, e);
            }
        }
    }

    static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The jar as a child process, its output in a file of the working directory. */
    static final class RunningJar implements AutoCloseable {

        private final Process process;
        private final Path output;
        private final long startedAt;

        private RunningJar(Process process, Path output, long startedAt) {
            this.process = process;
            this.output = output;
            this.startedAt = startedAt;
        }

        static RunningJar start(Path workDir, Map<String, String> env) throws IOException {
            Path output = Files.createTempFile(workDir, "jar-", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toAbsolutePath().toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("ORDERFLOW_"));
            builder.environment().putAll(env);
            long startedAt = System.nanoTime();
            return new RunningJar(builder.start(), output, startedAt);
        }

        /** Milliseconds from process start until the first POST /orders answered 201. */
        long awaitFirst201(int port) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .failFast(() -> !process.isAlive())
                    .until(() -> {
                        try {
                            return post(port, "{\"customer_id\": \"probe\", \"total_amount\": 0}").statusCode() == 201;
                        } catch (IOException e) {
                            return false;
                        }
                    });
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        }

        String log() throws IOException {
            return Files.readString(output);
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jar did not stop within 45 s of SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                stop();
            }
        }
    }
}
