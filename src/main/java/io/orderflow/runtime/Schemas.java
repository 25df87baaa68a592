package io.orderflow.runtime;

import java.util.List;

/** The schema of each service, each with its own migration history (database per service in spirit). */
final class Schemas {

    static final List<Database.Schema> ALL = List.of(
            new Database.Schema("orders", "classpath:db/migration/orders"));

    private Schemas() {
    }
}
