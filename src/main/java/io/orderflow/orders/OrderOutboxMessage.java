package io.orderflow.orders;

import io.orderflow.events.Event;
import io.orderflow.outbox.OutboxMessage;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The order service's outbox: events for {@code order-stream}. */
@Entity
@Table(schema = "orders", name = "outbox")
public class OrderOutboxMessage extends OutboxMessage {

    public static final String AGGREGATE_TYPE = "Order";

    protected OrderOutboxMessage() {
    }

    public OrderOutboxMessage(Event event, String traceparent) {
        super(AGGREGATE_TYPE, event, traceparent);
    }
}
