package io.orderflow.runtime;

import java.util.List;

import io.orderflow.inventory.InventoryOutboxMessage;
import io.orderflow.orders.Order;
import io.orderflow.orders.OrderOutboxMessage;

/** Every entity of every service; Hibernate validates each against the migrated schema at start. */
final class PersistenceUnit {

    static final List<Class<?>> ENTITIES = List.of(
            Order.class,
            OrderOutboxMessage.class,
            InventoryOutboxMessage.class);

    private PersistenceUnit() {
    }
}
