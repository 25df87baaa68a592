package io.orderflow.runtime;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The services one Orderflow process can run ({@code ORDERFLOW_SERVICES}); each owns its route files.
 */
public enum OrderflowService {

    /** HTTP order API and the order saga (consumer of inventory-stream). */
    ORDERS("orders-api.camel.yaml", "order-saga.camel.yaml"),
    /** Outbox relays of every service: outbox table to Redis stream. */
    RELAY("outbox-relay.camel.yaml"),
    /** Stock reservation (consumer of order-stream). */
    INVENTORY("inventory-reservation.camel.yaml");

    private final Set<String> routeFiles;

    OrderflowService(String... routeFiles) {
        this.routeFiles = Set.of(routeFiles);
    }

    public Set<String> routeFiles() {
        return routeFiles;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "orders,relay"}; blank means every service. */
    public static Set<OrderflowService> parse(String csv) {
        if (csv == null || csv.isBlank() || csv.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(OrderflowService.class);
        }
        EnumSet<OrderflowService> services = EnumSet.noneOf(OrderflowService.class);
        for (String part : csv.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            services.add(Arrays.stream(values())
                    .filter(s -> s.id().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name
                            + "' in ORDERFLOW_SERVICES; known: " + Arrays.stream(values())
                                    .map(OrderflowService::id).collect(Collectors.joining(",")))));
        }
        return services;
    }

    /** True when a route file belongs to no service, so every process loads it (shared configuration, add-ons). */
    public static boolean isShared(String routeFile) {
        return Arrays.stream(values()).noneMatch(s -> s.routeFiles.contains(routeFile));
    }
}
