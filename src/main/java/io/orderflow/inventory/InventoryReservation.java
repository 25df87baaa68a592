package io.orderflow.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.orderflow.events.EventHeader;
import io.orderflow.events.EventJson;
import io.orderflow.events.InventoryRejected;
import io.orderflow.events.InventoryReserved;
import io.orderflow.events.MalformedEventException;
import io.orderflow.events.OrderCreated;
import io.orderflow.events.OrderRejected;
import io.orderflow.events.Uuids;
import io.orderflow.inbox.Inbox;
import io.orderflow.outbox.Outbox;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inventory's side of the saga. For {@code OrderCreated} it reserves every item or none and answers
 * {@code InventoryReserved} / {@code InventoryRejected}; for {@code OrderRejected} it gives back what it had
 * reserved. The inbox record, the stock change and the reply commit together, so a redelivered event changes
 * nothing.
 */
public final class InventoryReservation {

    /** What handling one event did. */
    public enum Outcome { RESERVED, REJECTED, RELEASED, DUPLICATE, SKIPPED }

    private static final Set<String> HANDLED = Set.of(OrderCreated.TYPE, OrderRejected.TYPE);

    private final TransactionTemplate transaction;
    private final Inbox inbox;
    private final Stock stock;
    private final Outbox outbox;
    private final Clock clock;

    InventoryReservation(TransactionTemplate transaction, Inbox inbox, Stock stock, Outbox outbox, Clock clock) {
        this.transaction = transaction;
        this.inbox = inbox;
        this.stock = stock;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param payload     the event JSON of the stream entry
     * @param group       the consumer group this delivery came through (the inbox key)
     * @param traceparent the consumer's span, carried on to the reply
     */
    public Outcome handle(String payload, String group, String traceparent) {
        EventHeader header = EventJson.header(payload);
        if (!HANDLED.contains(header.eventType())) {
            return Outcome.SKIPPED;
        }
        if (header.aggregateId() == null) {
            throw new MalformedEventException(header.eventType() + " " + header.eventId() + " has no aggregate_id");
        }
        return transaction.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!inbox.firstDelivery(group, header.eventId(), header.eventType(), now)) {
                return Outcome.DUPLICATE;
            }
            if (header.eventType().equals(OrderCreated.TYPE)) {
                return reserve(EventJson.read(payload, OrderCreated.class), traceparent, now);
            }
            stock.release(header.aggregateId(), now);
            return Outcome.RELEASED;
        });
    }

    private Outcome reserve(OrderCreated order, String traceparent, Instant now) {
        SortedMap<String, Long> wanted = new TreeMap<>();
        Optional<String> refusal = Optional.empty();
        for (OrderCreated.Item item : order.items()) {
            if (item.sku() == null || item.sku().isBlank() || item.quantity() <= 0) {
                refusal = Optional.of("invalid item: sku " + item.sku() + ", quantity " + item.quantity());
                break;
            }
            wanted.merge(item.sku(), (long) item.quantity(), Long::sum);
        }
        if (refusal.isEmpty() && !wanted.isEmpty()) {
            refusal = refusal(wanted, stock.lock(wanted));
        }
        if (refusal.isPresent()) {
            outbox.append(new InventoryOutboxMessage(
                    new InventoryRejected(Uuids.timeOrdered(), order.aggregateId(), now, refusal.get()), traceparent));
            return Outcome.REJECTED;
        }
        stock.reserve(order.aggregateId(), wanted, now);
        outbox.append(new InventoryOutboxMessage(
                new InventoryReserved(Uuids.timeOrdered(), order.aggregateId(), now), traceparent));
        return Outcome.RESERVED;
    }

    /** Why the whole order cannot be reserved, naming the first SKU at fault; empty when it can. */
    private static Optional<String> refusal(SortedMap<String, Long> wanted, Map<String, Long> available) {
        for (Map.Entry<String, Long> line : wanted.entrySet()) {
            Long inStock = available.get(line.getKey());
            if (inStock == null) {
                return Optional.of("unknown SKU " + line.getKey());
            }
            if (inStock < line.getValue()) {
                return Optional.of("insufficient stock for " + line.getKey() + ": requested " + line.getValue()
                        + ", available " + inStock);
            }
        }
        return Optional.empty();
    }
}
