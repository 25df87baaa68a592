package io.orderflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.orderflow.inventory.InventoryOutboxMessage;
import io.orderflow.orders.Order;
import io.orderflow.orders.OrderOutboxMessage;

/**
 * The entities of the services a process runs; Hibernate validates each against the migrated schema at start, so
 * a process maps (and may touch) only the tables of its own services. The relay works in SQL and maps none.
 */
final class PersistenceUnit {

    private PersistenceUnit() {
    }

    static List<Class<?>> entities(Set<OrderflowService> services) {
        List<Class<?>> entities = new ArrayList<>();
        if (services.contains(OrderflowService.ORDERS)) {
            entities.add(Order.class);
            entities.add(OrderOutboxMessage.class);
        }
        if (services.contains(OrderflowService.INVENTORY)) {
            entities.add(InventoryOutboxMessage.class);
        }
        return entities;
    }
}
