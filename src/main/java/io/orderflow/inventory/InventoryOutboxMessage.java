package io.orderflow.inventory;

import io.orderflow.events.Event;
import io.orderflow.outbox.OutboxMessage;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The inventory service's outbox: replies for {@code inventory-stream}. */
@Entity
@Table(schema = "inventory", name = "outbox")
public class InventoryOutboxMessage extends OutboxMessage {

    /** Replies are about the order they answer. */
    public static final String AGGREGATE_TYPE = "Order";

    protected InventoryOutboxMessage() {
    }

    public InventoryOutboxMessage(Event event, String traceparent) {
        super(AGGREGATE_TYPE, event, traceparent);
    }
}
