package io.orderflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema of each service, each with its own migration history (database per service in spirit). A process
 * migrates only the schemas of the services it runs; the relay reads both outboxes, so it migrates both.
 */
final class Schemas {

    private Schemas() {
    }

    static List<Database.Schema> of(Settings settings, Set<OrderflowService> services) {
        boolean relay = services.contains(OrderflowService.RELAY);
        List<Database.Schema> schemas = new ArrayList<>();
        if (relay || services.contains(OrderflowService.ORDERS)) {
            schemas.add(new Database.Schema("orders", "classpath:db/migration/orders", Map.of()));
        }
        if (relay || services.contains(OrderflowService.INVENTORY)) {
            schemas.add(new Database.Schema("inventory", "classpath:db/migration/inventory", Map.of(
                    "initial_stock", Long.toString(settings.getLong("orderflow.inventory.initial-stock", 1_000_000L)))));
        }
        // add-on consumers written in YAML (any process) keep their processed events here
        schemas.add(new Database.Schema("consumers", "classpath:db/migration/consumers", Map.of()));
        return schemas;
    }
}
