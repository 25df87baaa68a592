package io.orderflow.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.orderflow.events.Event;
import io.orderflow.events.EventHeader;
import io.orderflow.events.EventJson;
import io.orderflow.events.InventoryRejected;
import io.orderflow.events.InventoryReserved;
import io.orderflow.events.OrderCreated;
import io.orderflow.events.OrderRejected;
import io.orderflow.events.UnprocessableEventException;
import io.orderflow.events.Uuids;
import io.orderflow.inbox.EntryBatches;
import io.orderflow.inbox.Inbox;
import io.orderflow.outbox.OutboxBatch;
import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inventory's side of the saga for a whole read of {@code order-stream} in one transaction: the same decisions
 * as {@link InventoryReservation}, taken event by event in stream order against stock locked once for the batch.
 * Entries that cannot be read, and every entry of a batch whose transaction fails, go one by one through the
 * single-event route instead, with its retries and dead-lettering.
 */
public final class InventoryBatch {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryBatch.class);

    private final Inbox inbox;
    private final StockBatch stock;
    private final OutboxBatch outbox;
    private final Clock clock;
    private final EntryBatches batches;

    InventoryBatch(EntityManager entityManager, TransactionTemplate transaction, Inbox inbox, StockBatch stock,
                   OutboxBatch outbox, Clock clock, ProducerTemplate producer, String singleEventUri) {
        this.inbox = inbox;
        this.stock = stock;
        this.outbox = outbox;
        this.clock = clock;
        this.batches = new EntryBatches(entityManager, transaction, producer, singleEventUri, LOG);
    }

    /** One event of the batch, read. */
    private record Item(Exchange exchange, EventHeader header, OrderCreated order, String traceparent)
            implements EntryBatches.Item {
    }

    /** Processes the per-entry exchanges of one read; the stream consumer then acknowledges those that did not fail. */
    public void process(List<Exchange> entries) {
        batches.process(entries, InventoryBatch::read, items -> {
            apply(items, group(entries));
            return List.of();
        });
    }

    private static Optional<Item> read(Exchange entry) {
        String payload = entry.getMessage().getBody(String.class);
        EventHeader header = EventJson.header(payload);
        boolean created = header.eventType().equals(OrderCreated.TYPE);
        if (!created && !header.eventType().equals(OrderRejected.TYPE)) {
            return Optional.empty();
        }
        if (header.aggregateId() == null) {
            throw new UnprocessableEventException(header.eventType() + " " + header.eventId() + " has no aggregate_id");
        }
        // the entry's consumer span (TraceContext.fromStreamEntries): the reply is its child
        String span = entry.getMessage().getHeader("traceparent", String.class);
        return Optional.of(new Item(entry, header, created ? EventJson.read(payload, OrderCreated.class) : null, span));
    }

    private void apply(List<Item> items, String group) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Set<String> fresh = inbox.firstDeliveries(group, items.stream().map(i -> i.header().eventId()).toList(),
                items.stream().map(i -> i.header().eventType()).toList(), now);
        List<Item> todo = new ArrayList<>();
        for (Item item : items) {
            if (fresh.remove(item.header().eventId())) {
                todo.add(item);
            }
        }
        Set<String> skus = new TreeSet<>();
        Set<String> releases = new HashSet<>();
        Set<String> created = new HashSet<>();
        todo.forEach(item -> {
            if (item.order() != null) {
                skus.addAll(ReservationRules.wanted(item.order()).keySet());
                created.add(item.order().aggregateId());
            } else {
                releases.add(item.header().aggregateId());
            }
        });
        SortedMap<String, Long> available = stock.lock(skus);
        Map<String, List<StockBatch.Line>> reserved = stock.reserved(releases);
        Ledger ledger = new Ledger(available, reserved, stock.closed(created));
        List<Event> replies = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        for (Item item : todo) {
            if (item.order() != null) {
                replies.add(ledger.reserve(item.order(), now));
                traces.add(item.traceparent());
            } else {
                ledger.release(item.header().aggregateId());
            }
        }
        stock.change(ledger.deltas, now);
        stock.record(ledger.newLines, ledger.released, now);
        stock.release(ledger.released, now);
        stock.close(ledger.closedNow, now);
        outbox.append(replies, traces);
    }

    private static String group(List<Exchange> entries) {
        return entries.get(0).getMessage().getHeader("CamelRedisStreamsGroup", String.class);
    }

    /** Stock as the batch changes it, event after event. */
    private static final class Ledger {

        private final SortedMap<String, Long> available;
        private final Map<String, List<StockBatch.Line>> reserved;
        private final SortedMap<String, Long> deltas = new TreeMap<>();
        private final List<StockBatch.Line> newLines = new ArrayList<>();
        private final Set<String> released = new HashSet<>();
        /** Orders rejected before they were reserved: before this batch, or by an OrderRejected earlier in it. */
        private final Set<String> closed;
        private final Set<String> closedNow = new HashSet<>();

        Ledger(SortedMap<String, Long> available, Map<String, List<StockBatch.Line>> reserved, Set<String> closed) {
            this.available = available;
            this.reserved = new HashMap<>(reserved);
            this.closed = new HashSet<>(closed);
        }

        Event reserve(OrderCreated order, Instant now) {
            if (closed.contains(order.aggregateId())) {
                return new InventoryRejected(Uuids.timeOrdered(), order.aggregateId(), now,
                        ReservationRules.CLOSED_BEFORE_RESERVATION);
            }
            SortedMap<String, Long> wanted = ReservationRules.wanted(order);
            Optional<String> refusal = ReservationRules.refusal(order, wanted, available);
            if (refusal.isPresent()) {
                return new InventoryRejected(Uuids.timeOrdered(), order.aggregateId(), now, refusal.get());
            }
            List<StockBatch.Line> lines = new ArrayList<>();
            wanted.forEach((sku, quantity) -> {
                available.merge(sku, -quantity, Long::sum);
                deltas.merge(sku, -quantity, Long::sum);
                lines.add(new StockBatch.Line(order.aggregateId(), sku, quantity));
            });
            newLines.addAll(lines);
            reserved.put(order.aggregateId(), lines);
            return new InventoryReserved(Uuids.timeOrdered(), order.aggregateId(), now);
        }

        void release(String orderId) {
            List<StockBatch.Line> lines = reserved.remove(orderId);
            if (released.contains(orderId)) {
                return;
            }
            if (lines == null) {
                // nothing reserved (yet): should its OrderCreated still come, it must reserve nothing
                if (closed.add(orderId)) {
                    closedNow.add(orderId);
                }
                return;
            }
            lines.forEach(line -> {
                available.merge(line.sku(), line.quantity(), Long::sum);
                deltas.merge(line.sku(), line.quantity(), Long::sum);
            });
            released.add(orderId);
        }
    }
}
