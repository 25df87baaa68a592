package io.orderflow.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.orderflow.events.EventHeader;
import io.orderflow.events.EventJson;
import io.orderflow.events.InventoryRejected;
import io.orderflow.events.InventoryReserved;
import io.orderflow.events.OrderConfirmed;
import io.orderflow.events.OrderRejected;
import io.orderflow.events.UnprocessableEventException;
import io.orderflow.events.Uuids;
import io.orderflow.inbox.Inbox;
import io.orderflow.observability.OrderMetrics;
import io.orderflow.outbox.Outbox;
import io.orderflow.outbox.OutboxCommitNotifier;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order's side of the saga: the inventory's answer makes a pending order CONFIRMED or REJECTED, with
 * {@code OrderConfirmed} / {@code OrderRejected} in the outbox, in one transaction with the inbox record. An
 * order that got no answer in time is rejected with reason {@code timeout}; a later answer changes nothing.
 */
public final class OrderSaga {

    /** What handling one event did. */
    public enum Outcome { CONFIRMED, REJECTED, ALREADY_FINAL, DUPLICATE, SKIPPED }

    public static final String TIMEOUT = "timeout";
    private static final int TIMEOUT_CHUNK = 500;
    private static final Set<String> HANDLED = Set.of(InventoryReserved.TYPE, InventoryRejected.TYPE);
    private static final String TIMED_OUT = """
            SELECT o FROM Order o WHERE o.status = io.orderflow.orders.OrderStatus.PENDING AND o.createdAt < :cutoff
            ORDER BY o.createdAt""";

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final Inbox inbox;
    private final Outbox outbox;
    private final OutboxCommitNotifier relays;
    private final Clock clock;
    private final OrderMetrics metrics;

    OrderSaga(EntityManager entityManager, TransactionTemplate transaction, Inbox inbox, Outbox outbox,
              OutboxCommitNotifier relays, Clock clock, OrderMetrics metrics) {
        this.entityManager = entityManager;
        this.transaction = transaction;
        this.inbox = inbox;
        this.outbox = outbox;
        this.relays = relays;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param payload     the event JSON of the stream entry
     * @param group       the consumer group this delivery came through (the inbox key)
     * @param traceparent the consumer's span, carried on to the event that closes the saga
     */
    public Outcome handle(String payload, String group, String traceparent) {
        EventHeader header = EventJson.header(payload);
        if (!HANDLED.contains(header.eventType())) {
            return Outcome.SKIPPED;
        }
        UUID orderId = orderId(header);
        return transaction.execute(status -> {
            Instant now = now();
            if (!inbox.firstDelivery(group, header.eventId(), header.eventType(), now)) {
                return Outcome.DUPLICATE;
            }
            Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
            if (order == null) {
                throw new UnprocessableEventException(header.eventType() + " " + header.eventId()
                        + " answers unknown order " + orderId);
            }
            if (header.eventType().equals(InventoryReserved.TYPE)) {
                return confirm(order, traceparent, now);
            }
            return reject(order, EventJson.read(payload, InventoryRejected.class).reason(), traceparent, now);
        });
    }

    /** Rejects every order still pending after {@code timeout}, a chunk per transaction; returns how many. */
    public int rejectTimedOut(Duration timeout) {
        int total = 0;
        int chunk;
        do {
            chunk = rejectTimedOut(timeout, TIMEOUT_CHUNK);
            total += chunk;
        } while (chunk == TIMEOUT_CHUNK);
        return total;
    }

    private int rejectTimedOut(Duration timeout, int limit) {
        return transaction.execute(status -> {
            Instant now = now();
            List<Order> pending = entityManager.createQuery(TIMED_OUT, Order.class)
                    .setParameter("cutoff", now.minus(timeout))
                    .setMaxResults(limit)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    // SKIP LOCKED: an order the saga is finishing right now is not waited for, nor touched
                    .setHint("jakarta.persistence.lock.timeout", -2)
                    .getResultList();
            pending.forEach(order -> reject(order, TIMEOUT, null, now));
            return pending.size();
        });
    }

    private Outcome confirm(Order order, String traceparent, Instant now) {
        if (!order.confirm(now)) {
            return Outcome.ALREADY_FINAL;
        }
        outbox.append(new OrderOutboxMessage(new OrderConfirmed(Uuids.timeOrdered(), order.id().toString(), now), traceparent));
        relays.afterCommit();
        countAfterCommit(order, SagaCompletions.BY_INVENTORY, now);
        return Outcome.CONFIRMED;
    }

    private Outcome reject(Order order, String reason, String traceparent, Instant now) {
        if (!order.reject(reason, now)) {
            return Outcome.ALREADY_FINAL;
        }
        outbox.append(new OrderOutboxMessage(
                new OrderRejected(Uuids.timeOrdered(), order.id().toString(), now, reason), traceparent));
        relays.afterCommit();
        countAfterCommit(order, TIMEOUT.equals(reason) ? TIMEOUT : SagaCompletions.BY_INVENTORY, now);
        return Outcome.REJECTED;
    }

    /** A saga counts as completed once its final status committed, not when a rolled-back attempt set it. */
    private void countAfterCommit(Order order, String cause, Instant now) {
        SagaCompletions.afterCommit(metrics).completed(order.status(), cause, order.createdAt(), now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static UUID orderId(EventHeader header) {
        try {
            return UUID.fromString(String.valueOf(header.aggregateId()));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException(header.eventType() + " " + header.eventId()
                    + " has no order id as aggregate_id: " + header.aggregateId(), e);
        }
    }
}
