package io.orderflow.runtime;

import java.util.List;
import java.util.Map;

/** The schema of each service, each with its own migration history (database per service in spirit). */
final class Schemas {

    private Schemas() {
    }

    static List<Database.Schema> all(Settings settings) {
        return List.of(
                new Database.Schema("orders", "classpath:db/migration/orders", Map.of()),
                new Database.Schema("inventory", "classpath:db/migration/inventory", Map.of(
                        "initial_stock", Long.toString(settings.getLong("orderflow.inventory.initial-stock", 1_000_000L)))),
                new Database.Schema("consumers", "classpath:db/migration/consumers", Map.of()));
    }
}
