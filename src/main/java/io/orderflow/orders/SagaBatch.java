package io.orderflow.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.orderflow.events.Event;
import io.orderflow.events.EventHeader;
import io.orderflow.events.EventJson;
import io.orderflow.events.InventoryRejected;
import io.orderflow.events.InventoryReserved;
import io.orderflow.events.OrderConfirmed;
import io.orderflow.events.OrderRejected;
import io.orderflow.events.UnprocessableEventException;
import io.orderflow.events.Uuids;
import io.orderflow.inbox.EntryBatches;
import io.orderflow.inbox.Inbox;
import io.orderflow.observability.OrderMetrics;
import io.orderflow.outbox.OutboxBatch;
import io.orderflow.outbox.OutboxCommitNotifier;
import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order saga for a whole read of {@code inventory-stream} in one transaction: the same transitions as
 * {@link OrderSaga}, one conditional UPDATE for all orders (only pending ones change) and their closing events.
 * Answers for unknown orders, unreadable entries, and every entry of a batch whose transaction fails go one by one
 * through the single-event route instead, with its retries and dead-lettering.
 */
public final class SagaBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SagaBatch.class);

    private static final String KNOWN = "SELECT CAST(id AS text) FROM orders.orders WHERE id = ANY(CAST(?1 AS uuid[]))";
    // o.id = ANY(...) repeats the join condition so that orders are looked up by primary key: joined to unnest()
    // alone, the planner hashed the answers and scanned every order (16 ms per batch at 60,000 orders)
    private static final String FINISH = """
            UPDATE orders.orders o SET status = f.status, rejection_reason = f.reason, updated_at = ?4
            FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[]), CAST(?3 AS text[])) AS f(id, status, reason)
            WHERE o.id = f.id AND o.id = ANY(CAST(?1 AS uuid[])) AND o.status = 'PENDING'
            RETURNING CAST(o.id AS text), o.created_at""";

    private final EntityManager entityManager;
    private final Inbox inbox;
    private final OutboxBatch outbox;
    private final OutboxCommitNotifier relays;
    private final Clock clock;
    private final EntryBatches batches;
    private final OrderMetrics metrics;

    SagaBatch(EntityManager entityManager, TransactionTemplate transaction, Inbox inbox, OutboxBatch outbox,
              OutboxCommitNotifier relays, Clock clock, ProducerTemplate producer, String singleEventUri, OrderMetrics metrics) {
        this.entityManager = entityManager;
        this.inbox = inbox;
        this.outbox = outbox;
        this.relays = relays;
        this.clock = clock;
        this.batches = new EntryBatches(entityManager, transaction, producer, singleEventUri, LOG);
        this.metrics = metrics;
    }

    /** One answer of the batch, read: the final status it asks for. */
    private record Item(Exchange exchange, EventHeader header, OrderStatus status, String reason, String traceparent)
            implements EntryBatches.Item {
    }

    /** Processes the per-entry exchanges of one read; the stream consumer then acknowledges those that did not fail. */
    public void process(List<Exchange> entries) {
        batches.process(entries, SagaBatch::read, items -> apply(items, group(entries)));
    }

    private static Optional<Item> read(Exchange entry) {
        String payload = entry.getMessage().getBody(String.class);
        EventHeader header = EventJson.header(payload);
        // the entry's consumer span (TraceContext.fromStreamEntries): the closing event is its child
        String span = entry.getMessage().getHeader("traceparent", String.class);
        return switch (header.eventType()) {
            case InventoryReserved.TYPE -> Optional.of(new Item(entry, header, OrderStatus.CONFIRMED, null, span));
            case InventoryRejected.TYPE -> Optional.of(new Item(entry, header, OrderStatus.REJECTED,
                    Order.reasonOf(EventJson.read(payload, InventoryRejected.class).reason()), span));
            default -> Optional.empty();
        };
    }

    /** @return the answers about orders this service does not know (left out, for the single-event route) */
    private List<Item> apply(List<Item> items, String group) {
        Set<String> known = known(items);
        List<Item> unknown = items.stream().filter(i -> !known.contains(orderId(i))).toList();
        List<Item> answers = items.stream().filter(i -> known.contains(orderId(i))).toList();
        if (answers.isEmpty()) {
            return unknown;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Set<String> fresh = inbox.firstDeliveries(group, answers.stream().map(i -> i.header().eventId()).toList(),
                answers.stream().map(i -> i.header().eventType()).toList(), now);
        // the first fresh answer per order decides; any later one finds the order final, as it would one by one
        Map<String, Item> decisive = new LinkedHashMap<>();
        for (Item item : answers) {
            if (fresh.remove(item.header().eventId())) {
                decisive.putIfAbsent(orderId(item), item);
            }
        }
        if (decisive.isEmpty()) {
            return unknown;
        }
        List<Item> decisions = List.copyOf(decisive.values());
        @SuppressWarnings("unchecked")
        List<Object[]> finished = entityManager.createNativeQuery(FINISH)
                .setParameter(1, decisions.stream().map(SagaBatch::orderId).toArray(String[]::new))
                .setParameter(2, decisions.stream().map(i -> i.status().name()).toArray(String[]::new))
                .setParameter(3, decisions.stream().map(Item::reason).toArray(String[]::new))
                .setParameter(4, now)
                .getResultList();
        Map<String, Instant> changed = new HashMap<>();
        finished.forEach(row -> changed.put(row[0].toString(), instant(row[1])));
        SagaCompletions completions = SagaCompletions.afterCommit(metrics);
        List<Event> closing = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        for (Item item : decisions) {
            if (changed.containsKey(orderId(item))) {
                completions.completed(item.status(), SagaCompletions.BY_INVENTORY, changed.get(orderId(item)), now);
                closing.add(item.status() == OrderStatus.CONFIRMED
                        ? new OrderConfirmed(Uuids.timeOrdered(), orderId(item), now)
                        : new OrderRejected(Uuids.timeOrdered(), orderId(item), now, item.reason()));
                traces.add(item.traceparent());
            }
        }
        if (!closing.isEmpty()) {
            outbox.append(closing, traces);
            relays.afterCommit();
        }
        return unknown;
    }

    private Set<String> known(List<Item> items) {
        String[] ids = items.stream().map(SagaBatch::orderId).filter(id -> id != null).distinct().toArray(String[]::new);
        Set<String> known = new HashSet<>();
        entityManager.createNativeQuery(KNOWN).setParameter(1, ids).getResultList().forEach(id -> known.add(id.toString()));
        return known;
    }

    /** The order id the answer is about, or null when its aggregate_id is not one (that answer goes one by one). */
    private static String orderId(Item item) {
        try {
            return UUID.fromString(String.valueOf(item.header().aggregateId())).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Instant instant) {
            return instant;
        }
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) timestamp).toInstant();
    }

    private static String group(List<Exchange> entries) {
        return entries.get(0).getMessage().getHeader("CamelRedisStreamsGroup", String.class);
    }
}
