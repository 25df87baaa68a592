package io.orderflow.operations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.StreamMessage;
import io.orderflow.support.Http;
import io.orderflow.support.JarProcess;
import io.orderflow.support.RealServers;
import io.orderflow.support.Streams;
import io.orderflow.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay processes ({@code ORDERFLOW_SERVICES=relay}) on the same outboxes: they share the rows
 * ({@code FOR UPDATE SKIP LOCKED}), every event reaches its stream exactly once, and the events of one aggregate
 * keep the order in which they were written, although consecutive events of an aggregate are published by
 * different batches, possibly of different processes. A relay alone publishes both services' outboxes.
 */
@ExtendWith(RealServers.class)
class OutboxRelayScaleOutIT {

    private static final int ORDERS = 1_000;
    private static final int EVENTS_PER_ORDER = 3;
    private static final int INVENTORY_ANSWERS = 500;
    private static final int EVENTS_PER_ANSWER = 2;

    @TempDir
    Path workDir;

    @Test
    void twoRelaysPublishEveryEventOnceInOrderPerAggregate() {
        Map<String, String> env = new HashMap<>(JarProcess.onTestServers("relay"));
        // small batches: many claims, so the two relays really compete for rows
        env.put("ORDERFLOW_RELAY_BATCH_SIZE", "50");
        try (JarProcess first = JarProcess.start("relay-a", workDir, env);
             JarProcess second = JarProcess.start("relay-b", workDir, env)) {
            first.awaitReady();
            second.awaitReady();

            long started = System.nanoTime();
            // one transaction: both outboxes' rows appear to the relays at the same moment
            fillOutbox(RealServers.database());

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(RealServers.database().count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")
                        + RealServers.database().count("SELECT count(*) FROM inventory.outbox WHERE published_at IS NULL"))
                        .isZero();
            });
            long[] byFirst = published(first);
            long[] bySecond = published(second);
            System.out.printf("two relays: %d events published in %d ms; events per relay (order-stream, inventory-stream):"
                            + " %s=%d+%d, %s=%d+%d%n", ORDERS * EVENTS_PER_ORDER + INVENTORY_ANSWERS * EVENTS_PER_ANSWER,
                    (System.nanoTime() - started) / 1_000_000, first, byFirst[0], byFirst[1], second, bySecond[0], bySecond[1]);

            assertThat(byFirst[0] + bySecond[0]).as("order events published").isEqualTo(ORDERS * EVENTS_PER_ORDER);
            assertThat(byFirst[1] + bySecond[1]).as("inventory events published").isEqualTo(INVENTORY_ANSWERS * EVENTS_PER_ANSWER);
            assertThat(byFirst[0] + byFirst[1]).as("%s did its share", first).isPositive();
            assertThat(bySecond[0] + bySecond[1]).as("%s did its share", second).isPositive();
            assertExactlyOnceInOrder("order-stream", "orders.outbox", ORDERS * EVENTS_PER_ORDER);
            assertExactlyOnceInOrder("inventory-stream", "inventory.outbox", INVENTORY_ANSWERS * EVENTS_PER_ANSWER);
        }
    }

    /** Events of many aggregates, interleaved: round 1 of every aggregate, then round 2, and so on. */
    private static void fillOutbox(TestDatabase db) {
        db.execute("DO $$ BEGIN " + fill("orders.outbox", EVENTS_PER_ORDER, ORDERS) + "; "
                + fill("inventory.outbox", EVENTS_PER_ANSWER, INVENTORY_ANSWERS) + "; END $$");
    }

    /** {@code steps} events for each of {@code aggregates} aggregates, step by step, each step for all of them. */
    private static String fill(String outbox, int steps, int aggregates) {
        return """
                INSERT INTO %s (event_id, aggregate_type, aggregate_id, event_type, payload, occurred_at)
                SELECT id, 'Order', 'order-' || a, 'Step' || s,
                       json_build_object('event_id', id, 'event_type', 'Step' || s, 'aggregate_id', 'order-' || a,
                                         'occurred_at', now(), 'step', s)::text, now()
                FROM (SELECT gen_random_uuid() AS id, s, a
                      FROM generate_series(1, %d) s, generate_series(1, %d) a ORDER BY s, a) events
                ORDER BY s, a""".formatted(outbox, steps, aggregates);
    }

    private static void assertExactlyOnceInOrder(String stream, String outbox, int events) {
        List<StreamMessage<String, String>> entries = Streams.entries(stream);
        List<String> eventIds = entries.stream().map(e -> e.getBody().get("event_id")).toList();
        Set<String> written = new HashSet<>();
        RealServers.database().query("SELECT event_id FROM " + outbox).forEach(r -> written.add(r.get("event_id").toString()));

        assertThat(written).hasSize(events);
        assertThat(eventIds).as("every event once on " + stream).hasSize(events).doesNotHaveDuplicates();
        assertThat(new HashSet<>(eventIds)).isEqualTo(written);

        Map<String, List<Integer>> stepsByAggregate = new LinkedHashMap<>();
        for (StreamMessage<String, String> entry : entries) {
            stepsByAggregate.computeIfAbsent(entry.getBody().get("aggregate_id"), a -> new ArrayList<>())
                    .add(Http.json(entry.getBody().get("payload")).get("step").asInt());
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int step = 1; step <= events / stepsByAggregate.size(); step++) {
            inOrder.add(step);
        }
        assertThat(stepsByAggregate).allSatisfy((aggregate, steps) ->
                assertThat(steps).as("events of %s on %s", aggregate, stream).isEqualTo(inOrder));
    }

    /** Events a relay appended to order-stream and inventory-stream, from its orderflow_outbox_published_total. */
    private static long[] published(JarProcess relay) {
        String metrics = relay.get("/observe/metrics").body();
        return new long[] {counter(metrics, "order-stream"), counter(metrics, "inventory-stream")};
    }

    private static long counter(String metrics, String stream) {
        return metrics.lines()
                .filter(l -> l.startsWith("orderflow_outbox_published_total{") && l.contains("stream=\"" + stream + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
