package io.orderflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code target/orderflow.jar} running as a child process, the way an operator (or a container) runs it: settings
 * only through {@code ORDERFLOW_*} environment variables, its log in a file, stopped with SIGTERM. For tests that
 * need real processes: graceful shutdown, several instances sharing the work.
 */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("orderflow.jar", "target/orderflow.jar"));
    /** Small and quick to start: several of these share two cores with the test JVM. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private JarProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Settings for a jar talking to this test class's PostgreSQL and Redis ({@link RealServers}). */
    public static Map<String, String> onTestServers(String services) {
        TestDatabase db = RealServers.database();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORDERFLOW_DB_URL", db.url());
        env.put("ORDERFLOW_DB_USER", db.user());
        if (db.password() != null) {
            env.put("ORDERFLOW_DB_PASSWORD", db.password());
        }
        env.put("ORDERFLOW_REDIS_URL", RealServers.redisUrl());
        env.put("ORDERFLOW_SERVICES", services);
        return env;
    }

    /**
     * Starts the jar in {@code workDir} with exactly these {@code ORDERFLOW_*} variables (none inherited), plain-text
     * logs and a free HTTP port unless {@code ORDERFLOW_HTTP_PORT} is given.
     */
    public static JarProcess start(String name, Path workDir, Map<String, String> env) {
        return start(name, workDir, env, List.of());
    }

    /** The same, with extra JVM options ({@code -D...}) before {@code -jar}. */
    public static JarProcess start(String name, Path workDir, Map<String, String> env, List<String> jvmOptions) {
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(JAR.toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("ORDERFLOW_"));
            environment.put("ORDERFLOW_LOG_FORMAT", "plain");
            environment.put("ORDERFLOW_INSTANCE_ID", name);
            environment.putAll(env);
            int port = Integer.parseInt(environment.computeIfAbsent("ORDERFLOW_HTTP_PORT",
                    k -> Integer.toString(RealServers.freePort())));
            return new JarProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + JAR, e);
        }
    }

    /** Waits until {@code /observe/health/ready} answers 200; fails at once if the process died. */
    public JarProcess awaitReady() {
        await(name + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast(name + " exited; log:\n" + tail(), () -> !process.isAlive())
                .until(() -> status("/observe/health/ready") == 200);
        return this;
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as {@code docker stop} and Kubernetes send it. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook runs, nothing in flight is finished or acknowledged. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    /** Waits for the process to end and returns its exit code; fails if it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " still running " + timeout + " after SIGTERM; log:\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    private String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            sigterm();
            try {
                awaitExit(Duration.ofSeconds(60));
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + httpPort + ")";
    }
}
