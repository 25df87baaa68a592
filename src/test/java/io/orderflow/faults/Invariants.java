package io.orderflow.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.support.TestDatabase;

import static org.awaitility.Awaitility.await;

/**
 * The promises that must survive every fault, checked once the system is quiet: each accepted order exists once and
 * is final, stock changed exactly once per reserved order, each event processed at most once per group, nothing
 * pending, nothing in the dead-letter streams but what was injected, failed requests left nothing behind, and the
 * events of each order are on {@code order-stream} in causal order.
 */
final class Invariants {

    static final String ORDER_STREAM = "order-stream";
    static final String INVENTORY_STREAM = "inventory-stream";
    static final String ORDER_DLQ = "order-stream:inventory-service:dlq";
    static final String INVENTORY_DLQ = "inventory-stream:order-service:dlq";
    private static final long INITIAL_STOCK = 1_000_000;

    private final TestDatabase db;
    private final RedisCommands<String, String> redis;

    Invariants(TestDatabase db, RedisCommands<String, String> redis) {
        this.db = db;
        this.redis = redis;
    }

    /** Waits, up to {@code atMost}, until no order is PENDING, the outboxes are published and no entry is pending. */
    void awaitQuiet(Duration atMost) {
        await("the system quiet").atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> db.count("SELECT count(*) FROM orders.orders WHERE status = 'PENDING'") == 0
                        && db.count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL") == 0
                        && db.count("SELECT count(*) FROM inventory.outbox WHERE published_at IS NULL") == 0
                        && pendingEntries() == 0);
    }

    /** Entries delivered to a group and not acknowledged, over every group of both streams. */
    long pendingEntries() {
        long pending = 0;
        for (String stream : List.of(ORDER_STREAM, INVENTORY_STREAM)) {
            if (redis.exists(stream) == 0) {
                continue;
            }
            for (Object group : redis.xinfoGroups(stream)) {
                pending += (Long) field((List<?>) group, "pending");
            }
        }
        return pending;
    }

    /**
     * @param outcomes every request of the run so far
     * @param injected the event ids the suite put on a dead-letter path (poison entries, the cursed SKU's orders)
     * @return what is broken, empty when every promise held
     */
    List<String> check(Collection<OrderTraffic.Outcome> outcomes, Set<String> injected) {
        List<String> broken = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        db.query("SELECT id::text AS id, status FROM orders.orders")
                .forEach(r -> status.put((String) r.get("id"), (String) r.get("status")));
        Map<String, String> keys = new HashMap<>();
        db.query("SELECT idempotency_key, order_id::text AS order_id FROM orders.idempotency_keys")
                .forEach(r -> keys.put((String) r.get("idempotency_key"), (String) r.get("order_id")));

        // every 201 is an order, exactly one, and final
        Set<String> accepted = new HashSet<>();
        for (OrderTraffic.Outcome outcome : outcomes) {
            if (outcome.accepted()) {
                accepted.add(outcome.orderId());
                String s = status.get(outcome.orderId());
                check(broken, s != null, "order " + outcome.orderId() + " answered 201 does not exist");
                check(broken, s == null || !s.equals("PENDING"), "order " + outcome.orderId() + " still PENDING");
            }
        }
        // failed requests left nothing behind; an order nobody was told about is only allowed with its event
        long orphans = 0;
        for (OrderTraffic.Outcome outcome : outcomes) {
            if (!outcome.accepted() && keys.containsKey(outcome.key())) {
                orphans++;
            }
        }
        Map<String, List<String>> orderEvents = new HashMap<>();
        db.query("SELECT aggregate_id, event_type FROM orders.outbox ORDER BY id")
                .forEach(r -> orderEvents.computeIfAbsent((String) r.get("aggregate_id"), k -> new ArrayList<>())
                        .add((String) r.get("event_type")));
        for (String order : status.keySet()) {
            List<String> events = orderEvents.getOrDefault(order, List.of());
            check(broken, events.size() == 2 && events.get(0).equals("OrderCreated")
                            && (events.get(1).equals("OrderConfirmed") || events.get(1).equals("OrderRejected")),
                    "order " + order + " has events " + events);
        }
        check(broken, status.size() == accepted.size() + orphans, status.size() + " orders in the database for "
                + accepted.size() + " answered 201 and " + orphans + " failed requests that committed");

        // the inventory answered each order at most once, and an order CONFIRMED only on InventoryReserved
        Map<String, List<String>> answers = new HashMap<>();
        db.query("SELECT aggregate_id, event_type FROM inventory.outbox ORDER BY id")
                .forEach(r -> answers.computeIfAbsent((String) r.get("aggregate_id"), k -> new ArrayList<>())
                        .add((String) r.get("event_type")));
        answers.forEach((order, types) -> check(broken, types.size() == 1, "order " + order + " answered " + types));
        status.forEach((order, s) -> check(broken, !s.equals("CONFIRMED")
                || answers.getOrDefault(order, List.of()).equals(List.of("InventoryReserved")),
                "order " + order + " CONFIRMED without a reservation"));

        // stock changed exactly once per reserved order, and only confirmed orders hold stock
        List<Map<String, Object>> stockDrift = db.query("""
                SELECT s.sku, s.available, coalesce(r.taken, 0) AS taken FROM inventory.stock s
                LEFT JOIN (SELECT sku, sum(quantity) AS taken FROM inventory.reservations WHERE status = 'RESERVED'
                           GROUP BY sku) r ON r.sku = s.sku
                WHERE s.available + coalesce(r.taken, 0) <> ?""", INITIAL_STOCK);
        check(broken, stockDrift.isEmpty(), "stock does not add up: " + stockDrift);
        long heldByUnconfirmed = db.count("""
                SELECT count(*) FROM inventory.reservations r JOIN orders.orders o ON o.id::text = r.order_id
                WHERE r.status = 'RESERVED' AND o.status <> 'CONFIRMED'""");
        check(broken, heldByUnconfirmed == 0, heldByUnconfirmed + " reservations held for orders not CONFIRMED");

        // each event processed at most once per group (the inboxes)
        for (String inbox : List.of("inventory.inbox", "orders.inbox")) {
            long twice = db.count("SELECT count(*) - count(DISTINCT (consumer_group, event_id)) FROM " + inbox);
            check(broken, twice == 0, twice + " events recorded twice in " + inbox);
        }

        // nothing pending, nothing unpublished
        check(broken, pendingEntries() == 0, pendingEntries() + " entries pending");
        long unpublished = db.count("SELECT count(*) FROM orders.outbox WHERE published_at IS NULL")
                + db.count("SELECT count(*) FROM inventory.outbox WHERE published_at IS NULL");
        check(broken, unpublished == 0, unpublished + " outbox rows unpublished");

        // the dead-letter streams hold exactly what was injected, each once
        List<String> deadLettered = entries(ORDER_DLQ).stream().map(e -> e.getBody().get("event_id")).toList();
        check(broken, new TreeSet<>(deadLettered).equals(new TreeSet<>(injected)) && deadLettered.size() == injected.size(),
                ORDER_DLQ + " holds " + deadLettered.size() + " entries " + new TreeSet<>(deadLettered)
                        + ", injected " + new TreeSet<>(injected));
        check(broken, redis.xlen(INVENTORY_DLQ) == 0, INVENTORY_DLQ + " holds " + redis.xlen(INVENTORY_DLQ) + " entries");

        // per order, OrderCreated reaches order-stream before the event that closes the order
        Set<String> created = new HashSet<>();
        long outOfOrder = 0;
        for (StreamMessage<String, String> entry : entries(ORDER_STREAM)) {
            String type = entry.getBody().get("event_type");
            String order = entry.getBody().get("aggregate_id");
            if ("OrderCreated".equals(type)) {
                created.add(order);
            } else if (("OrderConfirmed".equals(type) || "OrderRejected".equals(type)) && !created.contains(order)) {
                outOfOrder++;
            }
        }
        check(broken, outOfOrder == 0, outOfOrder + " orders closed on order-stream before their OrderCreated");
        return broken;
    }

    /** Events on both streams more than once (the relay's at-least-once after a crash between XADD and commit). */
    long republishedEvents() {
        long repeats = 0;
        for (String stream : List.of(ORDER_STREAM, INVENTORY_STREAM)) {
            List<String> ids = entries(stream).stream().map(e -> e.getBody().get("event_id")).toList();
            repeats += ids.size() - ids.stream().collect(Collectors.toSet()).size();
        }
        return repeats;
    }

    List<StreamMessage<String, String>> entries(String stream) {
        List<StreamMessage<String, String>> all = new ArrayList<>();
        String from = "-";
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(stream, Range.create(from, "+"), Limit.from(10_000));
            all.addAll(page);
            if (page.size() < 10_000) {
                return all;
            }
            from = "(" + page.get(page.size() - 1).getId();
        }
    }

    private static Object field(List<?> info, String name) {
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(String.valueOf(info.get(i)))) {
                return info.get(i + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in " + info);
    }

    private static void check(List<String> broken, boolean holds, String problem) {
        if (!holds && broken.size() < 20) {
            broken.add(problem);
        }
    }
}
