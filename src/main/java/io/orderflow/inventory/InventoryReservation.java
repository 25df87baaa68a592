package io.orderflow.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

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
        if (stock.closed(order.aggregateId())) {
            outbox.append(new InventoryOutboxMessage(new InventoryRejected(Uuids.timeOrdered(), order.aggregateId(), now,
                    ReservationRules.CLOSED_BEFORE_RESERVATION), traceparent));
            return Outcome.REJECTED;
        }
        SortedMap<String, Long> wanted = ReservationRules.wanted(order);
        Map<String, Long> available = order.items().isEmpty() ? Map.of() : stock.lock(wanted);
        Optional<String> refusal = ReservationRules.refusal(order, wanted, available);
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
}
