package io.orderflow.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.orderflow.support.JarProcess;

/**
 * The system under test as an operator runs it, one jar per process: the order service (HTTP API and saga), one
 * relay, two inventory consumers. A process restarted keeps its name, so its consumer name (ORDERFLOW_INSTANCE_ID)
 * is the one it had and it finishes its own pending entries first.
 */
final class Processes implements AutoCloseable {

    static final String ORDERS = "orders";
    static final String RELAY = "relay";
    static final String INVENTORY_1 = "inventory-1";
    static final String INVENTORY_2 = "inventory-2";
    private static final Map<String, String> SERVICES = Map.of(
            ORDERS, "orders", RELAY, "relay", INVENTORY_1, "inventory", INVENTORY_2, "inventory");

    private final Path workDir;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Map<String, JarProcess> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final ProcessCounters counters = new ProcessCounters();

    Processes(Path workDir, Map<String, String> environment, List<String> jvmOptions) {
        this.workDir = workDir;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
    }

    static List<String> names() {
        return List.of(ORDERS, RELAY, INVENTORY_1, INVENTORY_2);
    }

    /** Starts the named processes side by side and waits until each is ready. */
    void start(List<String> names) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (String name : names) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("ORDERFLOW_SERVICES", SERVICES.get(name));
            // the same port after a restart: the load keeps knocking at the order service's address
            env.put("ORDERFLOW_HTTP_PORT", Integer.toString(ports.computeIfAbsent(name,
                    n -> io.orderflow.support.RealServers.freePort())));
            JarProcess process = JarProcess.start(name, workDir, env, jvmOptions);
            synchronized (running) {
                running.put(name, process);
            }
            ready.add(CompletableFuture.runAsync(process::awaitReady));
        }
        ready.forEach(CompletableFuture::join);
    }

    void start(String name) {
        start(List.of(name));
    }

    JarProcess get(String name) {
        synchronized (running) {
            return running.get(name);
        }
    }

    int httpPort(String name) {
        return ports.get(name);
    }

    /** kill -9 at once (what it counted since its last scrape is lost, as it would be for Prometheus). */
    void kill9(String name) {
        remove(name).kill9();
    }

    /** SIGTERM to all of them at once; waits until every one has exited and returns the exit codes. */
    Map<String, Integer> sigtermAll(Duration timeout) {
        List<JarProcess> all = takeAll();
        all.forEach(counters::scrape);
        all.forEach(JarProcess::sigterm);
        Map<String, Integer> exitCodes = new LinkedHashMap<>();
        for (JarProcess process : all) {
            exitCodes.put(process.name(), process.awaitExit(timeout));
        }
        return exitCodes;
    }

    /** What the running processes counted since {@link ProcessCounters#mark()}. */
    ProcessCounters counters() {
        List<JarProcess> all;
        synchronized (running) {
            all = List.copyOf(running.values());
        }
        all.forEach(counters::scrape);
        return counters;
    }

    /** Every running process, no longer counted as running. */
    private List<JarProcess> takeAll() {
        synchronized (running) {
            List<JarProcess> all = List.copyOf(running.values());
            running.clear();
            return all;
        }
    }

    private JarProcess remove(String name) {
        synchronized (running) {
            JarProcess process = running.remove(name);
            if (process == null) {
                throw new IllegalStateException(name + " is not running");
            }
            return process;
        }
    }

    @Override
    public void close() {
        List<JarProcess> all = takeAll();
        all.forEach(JarProcess::sigterm);
        all.forEach(JarProcess::close);
    }
}
