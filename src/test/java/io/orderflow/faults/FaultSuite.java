package io.orderflow.faults;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.orderflow.support.JarProcess;
import io.orderflow.support.TestDatabase;

import static org.awaitility.Awaitility.await;

/**
 * Crash consistency with real processes and real faults: Orderflow runs as four jar processes (order service, relay,
 * two inventory consumers) on a PostgreSQL and a Redis of the suite's own; under a steady open-loop load of POST
 * /orders each scenario breaks something for real (kill -9, a server stopped, SIGTERM, poison), lets the system
 * recover, waits until it is quiet and checks every promise of {@link Invariants} over everything done so far.
 *
 * <pre>  FaultSuite full|short [report file]</pre>
 *
 * Prints one table row per scenario; exits 1 when an invariant broke. {@code bench/faults.sh} runs the full suite,
 * {@code FaultSuiteIT} the short one in every build.
 */
public final class FaultSuite {

    /** How hard and how long: the full suite for the record, the short one for every build. */
    record Profile(String name, int ordersPerSecond, Duration before, Duration after, Duration redisDown,
                   Duration poisonWindow, Duration sagaTimeout, Duration quietWithin) {
        static Profile of(String name) {
            return switch (name) {
                case "full" -> new Profile(name, 100, Duration.ofSeconds(15), Duration.ofSeconds(20),
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(3));
                case "short" -> new Profile(name, 30, Duration.ofSeconds(3), Duration.ofSeconds(3),
                        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(2));
                default -> throw new IllegalArgumentException("full or short, not " + name);
            };
        }
    }

    /** One scenario: injects its fault while the load runs and returns when the fault has ended. */
    interface Fault {
        void inject(FaultSuite suite) throws Exception;
    }

    record Scenario(String name, Fault fault) {
    }

    /** A row of the report. */
    record Result(String scenario, long accepted, long serverErrors, long unanswered, long confirmed, long rejected,
                  long duplicatesSkipped, long republished, long reclaimed, long drainMillis, List<String> broken) {
    }

    private final Profile profile;
    private final FaultServers servers;
    private final Processes processes;
    private final Invariants invariants;
    private final List<OrderTraffic.Outcome> outcomes = new ArrayList<>();
    private final Set<String> injected = new HashSet<>();
    private OrderTraffic traffic;

    FaultSuite(Profile profile, Path workDir) {
        this.profile = profile;
        this.servers = new FaultServers(workDir);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORDERFLOW_DB_URL", servers.jdbcUrl());
        env.put("ORDERFLOW_DB_USER", "postgres");
        env.put("ORDERFLOW_REDIS_URL", servers.redisUrl());
        env.put("ORDERFLOW_SAGA_TIMEOUT", profile.sagaTimeout().toSeconds() + "s");
        env.put("ORDERFLOW_SAGA_SWEEP_INTERVAL", "1s");
        env.put("ORDERFLOW_LOG_FLOW_LEVEL", "WARN");
        // a consumer killed with entries in hand: the other takes them over after 5 s instead of a minute
        List<String> jvm = List.of("-Dcamel.component.redis-streams.configuration.reclaim-min-idle=5000",
                "-Dcamel.component.redis-streams.configuration.reclaim-interval=1000");
        this.processes = new Processes(workDir.resolve("processes"), env, jvm);
        this.invariants = new Invariants(servers.database(), servers.redis());
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("kill -9 an inventory consumer while it holds entries", FaultSuite::killInventory),
                new Scenario("kill -9 the relay mid-batch", FaultSuite::killRelay),
                new Scenario("Redis stopped, started again (AOF)", FaultSuite::stopRedis),
                new Scenario("PostgreSQL restarted (fast shutdown)", FaultSuite::restartPostgres),
                new Scenario("SIGTERM every process, restart all", FaultSuite::sigtermAll),
                new Scenario("poison entries and a handler failing for one SKU", FaultSuite::poison));
    }

    /** Runs every scenario; returns their results. */
    List<Result> run() throws Exception {
        System.out.printf("fault suite (%s): starting PostgreSQL, Redis and %s%n", profile.name(), Processes.names());
        processes.start(Processes.names());
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            System.out.printf("%s: %s%n", Instant.now(), scenario.name());
            Result result = run(scenario);
            System.out.println(row(result));
            results.add(result);
        }
        return results;
    }

    private Result run(Scenario scenario) throws Exception {
        TestDatabase db = servers.database();
        processes.counters().mark();
        long republishedBefore = invariants.republishedEvents();
        traffic = OrderTraffic.start(URI.create("http://127.0.0.1:" + processes.httpPort(Processes.ORDERS)),
                profile.ordersPerSecond());
        List<OrderTraffic.Outcome> mine;
        long drainMillis;
        try {
            pause(profile.before());
            scenario.fault().inject(this);
            long faultEnded = System.nanoTime();
            Instant faultEndedAt = Instant.now();
            // every order taken until the fault ended is final: how long the backlog took to clear
            await().atMost(profile.quietWithin()).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> db.count("SELECT count(*) FROM orders.orders WHERE status = 'PENDING' AND created_at <= ?",
                            java.sql.Timestamp.from(faultEndedAt)) == 0);
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultEnded);
            long remaining = profile.after().toMillis() - drainMillis;
            if (remaining > 0) {
                pause(Duration.ofMillis(remaining));
            }
        } finally {
            mine = traffic.stop();
        }
        outcomes.addAll(mine);
        expectCursedOrdersDeadLettered(mine);
        invariants.awaitQuiet(profile.quietWithin());
        List<String> broken = invariants.check(outcomes, injected);
        ProcessCounters counters = processes.counters();
        Map<String, String> status = new java.util.HashMap<>();
        db.query("SELECT id::text AS id, status FROM orders.orders")
                .forEach(r -> status.put((String) r.get("id"), (String) r.get("status")));
        List<OrderTraffic.Outcome> accepted = mine.stream().filter(OrderTraffic.Outcome::accepted).toList();
        return new Result(scenario.name(), accepted.size(),
                mine.stream().filter(OrderTraffic.Outcome::serverError).count(),
                mine.stream().filter(o -> !o.accepted() && !o.serverError()).count(),
                accepted.stream().filter(o -> "CONFIRMED".equals(status.get(o.orderId()))).count(),
                accepted.stream().filter(o -> "REJECTED".equals(status.get(o.orderId()))).count(),
                counters.since(ProcessCounters.INBOX_DUPLICATES), invariants.republishedEvents() - republishedBefore,
                counters.since(ProcessCounters.RECLAIMED), drainMillis, broken);
    }

    // ---- the faults ------------------------------------------------------------------------------------------

    /** kill -9 the first inventory consumer the moment it holds unacknowledged entries; restart it after 8 s. */
    private void killInventory() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long holding = 0;
        // a read is processed within milliseconds: look often; should none be caught in time, kill it all the same
        while (holding == 0 && System.nanoTime() < until) {
            holding = holding(Processes.INVENTORY_1);
        }
        processes.kill9(Processes.INVENTORY_1);
        System.out.printf("  killed %s holding %d entries%n", Processes.INVENTORY_1, holding);
        // longer than reclaim-min-idle: the survivor takes the dead consumer's entries over
        pause(Duration.ofSeconds(8));
        processes.start(Processes.INVENTORY_1);
    }

    /**
     * kill -9 the relay in the middle of a batch: it is paused (SIGSTOP) for 2 s so that a backlog builds up, resumed,
     * and killed the moment its first XADDs of the backlog reach the stream, before the batch's transaction (which
     * marks the rows published) can commit. Restarted after 3 s, it publishes those rows again.
     */
    private void killRelay() throws Exception {
        JarProcess relay = processes.get(Processes.RELAY);
        signal("STOP", relay.pid());
        pause(Duration.ofSeconds(2));
        long before = servers.redis().xlen(Invariants.ORDER_STREAM);
        signal("CONT", relay.pid());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).pollDelay(Duration.ZERO)
                .until(() -> servers.redis().xlen(Invariants.ORDER_STREAM) > before);
        processes.kill9(Processes.RELAY);
        System.out.printf("  killed the relay after %d of its backlog's entries reached the stream%n",
                servers.redis().xlen(Invariants.ORDER_STREAM) - before);
        pause(Duration.ofSeconds(3));
        processes.start(Processes.RELAY);
    }

    private static void signal(String signal, long pid) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
        }
    }

    private void stopRedis() {
        servers.stopRedis();
        pause(profile.redisDown());
        servers.startRedis();
    }

    private void restartPostgres() {
        servers.restartPostgres();
    }

    private void sigtermAll() {
        Map<String, Integer> exits = processes.sigtermAll(Duration.ofSeconds(45));
        System.out.printf("  exit codes %s%n", exits);
        processes.start(Processes.names());
    }

    /**
     * Two poison entries (payload not JSON; no payload) on order-stream, and for a while one order a second for a SKU
     * whose stock update always fails (a trigger raises): each of those is retried, then dead-lettered, and its
     * order, never answered, is rejected by the saga's timeout.
     */
    private void poison() {
        TestDatabase db = servers.database();
        db.execute("""
                CREATE OR REPLACE FUNCTION inventory.cursed_sku() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure: stock of % cannot change', NEW.sku; END $$""");
        db.execute("DROP TRIGGER IF EXISTS cursed_sku ON inventory.stock");
        db.execute("CREATE TRIGGER cursed_sku BEFORE UPDATE ON inventory.stock FOR EACH ROW WHEN (NEW.sku = '"
                + OrderTraffic.CURSED_SKU + "') EXECUTE FUNCTION inventory.cursed_sku()");
        for (Map<String, String> poison : List.of(
                Map.of("payload", "{not json", "event_type", "OrderCreated"),
                Map.of("event_type", "OrderCreated", "aggregate_id", "no-payload"))) {
            String eventId = UUID.randomUUID().toString();
            Map<String, String> fields = new LinkedHashMap<>(poison);
            fields.put("event_id", eventId);
            servers.redis().xadd(Invariants.ORDER_STREAM, fields);
            injected.add(eventId);
        }
        int perSecond = profile.ordersPerSecond();
        traffic.curse(n -> n % perSecond == 0);
        pause(profile.poisonWindow());
        traffic.curse(n -> false);
    }

    /** The cursed orders' OrderCreated events: what the failing handler must have dead-lettered. */
    private void expectCursedOrdersDeadLettered(List<OrderTraffic.Outcome> all) {
        TestDatabase db = servers.database();
        for (OrderTraffic.Outcome outcome : all) {
            if (outcome.cursed() && outcome.accepted()) {
                injected.add((String) db.single("SELECT event_id::text FROM orders.outbox WHERE aggregate_id = ? "
                        + "AND event_type = 'OrderCreated'", outcome.orderId()));
            }
        }
    }

    /** Entries read by {@code process}'s consumers of order-stream and not acknowledged yet. */
    private long holding(String process) {
        return servers.redis().xpending(Invariants.ORDER_STREAM, "inventory-service").getConsumerMessageCount()
                .entrySet().stream().filter(e -> e.getKey().startsWith(process)).mapToLong(Map.Entry::getValue).sum();
    }

    private static void pause(Duration duration) {
        // the fault's own duration (a server down for 10 s), not a wait for a condition
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void close() {
        processes.close();
        servers.close();
    }

    // ---- the report ------------------------------------------------------------------------------------------

    static String header() {
        return String.format("%-52s %8s %5s %10s %9s %8s %10s %11s %9s %9s  %s", "scenario", "accepted", "5xx",
                "unanswered", "confirmed", "rejected", "inbox dups", "republished", "reclaimed", "drain ms", "invariants");
    }

    static String row(Result r) {
        return String.format("%-52s %8d %5d %10d %9d %8d %10d %11d %9d %9d  %s", r.scenario(), r.accepted(),
                r.serverErrors(), r.unanswered(), r.confirmed(), r.rejected(), r.duplicatesSkipped(), r.republished(),
                r.reclaimed(), r.drainMillis(), r.broken().isEmpty() ? "ok" : "BROKEN: " + String.join("; ", r.broken()));
    }

    public static void main(String[] args) throws Exception {
        Profile profile = Profile.of(args.length > 0 ? args[0] : "full");
        Path workDir = Files.createTempDirectory("orderflow-faults");
        FaultSuite suite = new FaultSuite(profile, workDir);
        List<Result> results;
        try {
            results = suite.run();
        } finally {
            suite.close();
        }
        StringBuilder report = new StringBuilder(header()).append('\n');
        results.forEach(r -> report.append(row(r)).append('\n'));
        System.out.println();
        System.out.print(report);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), report.toString());
        }
        System.out.println("logs of the processes: " + workDir.resolve("processes"));
        System.exit(results.stream().allMatch(r -> r.broken().isEmpty()) ? 0 : 1);
    }
}
