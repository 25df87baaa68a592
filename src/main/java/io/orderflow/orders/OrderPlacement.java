package io.orderflow.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import io.orderflow.events.OrderCreated;
import io.orderflow.events.Uuids;
import io.orderflow.observability.OrderMetrics;
import io.orderflow.outbox.OutboxCommitNotifier;
import jakarta.persistence.EntityManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places an order: the order, its items, its {@code OrderCreated} event in the outbox and the Idempotency-Key
 * are written in one transaction, or nothing is (two statements at most: the key, then {@link NewOrders}). Publishing is the relay's job, never the request's;
 * the relays are woken once the transaction committed ({@link OutboxCommitNotifier}).
 */
public final class OrderPlacement {

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final IdempotencyKeys idempotencyKeys;
    private final NewOrders newOrders;
    private final Clock clock;
    private final OrderMetrics metrics;
    private final OutboxCommitNotifier relays;

    OrderPlacement(EntityManager entityManager, TransactionTemplate transaction, IdempotencyKeys idempotencyKeys,
                   NewOrders newOrders, Clock clock, OrderMetrics metrics, OutboxCommitNotifier relays) {
        this.entityManager = entityManager;
        this.transaction = transaction;
        this.idempotencyKeys = idempotencyKeys;
        this.newOrders = newOrders;
        this.clock = clock;
        this.metrics = metrics;
        this.relays = relays;
    }

    /**
     * @param idempotencyKey optional; a repeated key with the same request returns the first order unchanged
     * @param traceparent    the W3C trace context of the request, carried by the event
     */
    public PlacedOrder place(PlaceOrder command, String idempotencyKey, String traceparent) {
        IdempotencyKeys.validate(idempotencyKey);
        PlacedOrder placed = transaction.execute(status -> {
            UUID orderId = Uuids.timeOrdered();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (idempotencyKey != null) {
                Optional<UUID> earlier = idempotencyKeys.claim(idempotencyKey, command.fingerprint(), orderId, now);
                if (earlier.isPresent()) {
                    return new PlacedOrder(OrderView.of(entityManager.find(Order.class, earlier.get())), true);
                }
            }
            OrderCreated created = new OrderCreated(Uuids.timeOrdered(), orderId.toString(), now, command.customerId(),
                    command.totalAmount(), command.items().stream().map(i -> new OrderCreated.Item(i.sku(), i.quantity())).toList());
            newOrders.insert(orderId, command, now, created, traceparent);
            return new PlacedOrder(new OrderView(orderId, command.customerId(), command.totalAmount(), command.items(),
                    OrderStatus.PENDING, now, now), false);
        });
        if (!placed.replayed()) {
            relays.committed();
            metrics.orderCreated();
        }
        return placed;
    }

    /** Forgets Idempotency-Keys older than the retention; returns how many. */
    public int forgetIdempotencyKeysOlderThan(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        return transaction.execute(status -> idempotencyKeys.purgeOlderThan(cutoff));
    }

}
