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
import io.orderflow.outbox.Outbox;
import jakarta.persistence.EntityManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places an order: the order, its items, its {@code OrderCreated} event in the outbox and the Idempotency-Key
 * are written in one transaction, or nothing is. Publishing is the relay's job, never the request's.
 */
public final class OrderPlacement {

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final Clock clock;
    private final OrderMetrics metrics;

    OrderPlacement(EntityManager entityManager, TransactionTemplate transaction, IdempotencyKeys idempotencyKeys,
                   Outbox outbox, Clock clock, OrderMetrics metrics) {
        this.entityManager = entityManager;
        this.transaction = transaction;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
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
            Order order = Order.place(orderId, command, now);
            entityManager.persist(order);
            outbox.append(new OrderOutboxMessage(created(order), traceparent));
            return new PlacedOrder(OrderView.of(order), false);
        });
        if (!placed.replayed()) {
            metrics.orderCreated();
        }
        return placed;
    }

    /** Forgets Idempotency-Keys older than the retention; returns how many. */
    public int forgetIdempotencyKeysOlderThan(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        return transaction.execute(status -> idempotencyKeys.purgeOlderThan(cutoff));
    }

    private static OrderCreated created(Order order) {
        return new OrderCreated(Uuids.timeOrdered(), order.id().toString(), order.createdAt(), order.customerId(),
                order.totalAmount(), order.items().stream().map(i -> new OrderCreated.Item(i.sku(), i.quantity())).toList());
    }
}
