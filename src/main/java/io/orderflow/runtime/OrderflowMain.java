package io.orderflow.runtime;

import io.orderflow.admin.AdminConfiguration;
import io.orderflow.http.HttpConfiguration;
import io.orderflow.inventory.InventoryConfiguration;
import io.orderflow.observability.ObservabilityConfiguration;
import io.orderflow.observability.TraceConfiguration;
import io.orderflow.orders.OrdersConfiguration;
import io.orderflow.outbox.OutboxRelayConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * The one place that wires Camel Main for Orderflow, shared by the jar's entry point and the tests.
 */
public final class OrderflowMain {

    /**
     * The working directory's file wins over the packaged one for each key; environment variables
     * ({@code ORDERFLOW_HTTP_PORT} for {@code orderflow.http.port}) win over both (Camel's default).
     */
    public static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties";

    private OrderflowMain() {
    }

    public static void configure(BaseMainSupport main) {
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        configure(main.configure());
    }

    /** Adds the configuration classes in dependency order: runtime first, then the capabilities. */
    public static void configure(MainConfigurationProperties main) {
        main.addConfiguration(OrderflowRuntime.class);
        main.addConfiguration(HttpConfiguration.class);
        main.addConfiguration(TraceConfiguration.class);
        main.addConfiguration(ObservabilityConfiguration.class);
        main.addConfiguration(OrdersConfiguration.class);
        main.addConfiguration(InventoryConfiguration.class);
        main.addConfiguration(OutboxRelayConfiguration.class);
        main.addConfiguration(AdminConfiguration.class);
        main.addConfiguration(RouteFiles.class);
    }
}
