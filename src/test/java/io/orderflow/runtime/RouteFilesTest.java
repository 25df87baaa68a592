package io.orderflow.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which route files a process loads: its services' packaged flows, replaced by same-named files on disk, plus
 * shared and extra files.
 */
class RouteFilesTest {

    @TempDir
    Path disk;

    @Test
    void loadsThePackagedFlowsOfTheSelectedServicesAndTheSharedConfiguration() throws Exception {
        List<String> loaded = locations(EnumSet.of(OrderflowService.ORDERS), disk);

        assertThat(loaded).contains("classpath:routes/orders-api.camel.yaml");
        assertThat(loaded).anyMatch(l -> l.endsWith("route-configurations.camel.yaml"));
        assertThat(loaded).noneMatch(l -> l.endsWith("outbox-relay.camel.yaml") || l.endsWith("inventory-reservation.camel.yaml"));
    }

    @Test
    void aFileOnDiskReplacesThePackagedFileOfTheSameName() throws Exception {
        Files.writeString(disk.resolve("orders-api.camel.yaml"), "[]");

        List<String> loaded = locations(EnumSet.of(OrderflowService.ORDERS), disk);

        assertThat(loaded).filteredOn(l -> l.endsWith("orders-api.camel.yaml"))
                .containsExactly("file:" + disk.resolve("orders-api.camel.yaml").toAbsolutePath());
    }

    @Test
    void anExtraFileOnDiskIsAddedToEveryProcess() throws Exception {
        Files.writeString(disk.resolve("notification-log.camel.yaml"), "[]");
        Files.writeString(disk.resolve("notes.txt"), "not a route");

        List<String> loaded = locations(EnumSet.of(OrderflowService.RELAY), disk);

        assertThat(loaded).contains("file:" + disk.resolve("notification-log.camel.yaml").toAbsolutePath());
        assertThat(loaded).noneMatch(l -> l.endsWith("notes.txt"));
    }

    @Test
    void routeConfigurationsLoadBeforeTheRoutesThatUseThem() throws Exception {
        Files.writeString(disk.resolve("aaa-first-by-name.camel.yaml"), "[]");

        List<String> loaded = locations(EnumSet.allOf(OrderflowService.class), disk);

        assertThat(loaded.get(0)).endsWith("route-configurations.camel.yaml");
        assertThat(loaded).hasSizeGreaterThan(2);
    }

    @Test
    void listsEveryPackagedRouteFile() throws Exception {
        assertThat(RouteFiles.packagedNames()).contains("route-configurations.camel.yaml", "orders-api.camel.yaml",
                "outbox-relay.camel.yaml", "inventory-reservation.camel.yaml", "order-saga.camel.yaml", "admin.camel.yaml");
    }

    @Test
    void aMissingRoutesDirectoryIsFine() throws Exception {
        assertThat(locations(EnumSet.of(OrderflowService.ORDERS), disk.resolve("absent"))).isNotEmpty();
    }

    @Test
    void servicesAreParsedFromACommaSeparatedList() {
        assertThat(OrderflowService.parse("orders, relay")).containsExactlyInAnyOrder(
                OrderflowService.ORDERS, OrderflowService.RELAY);
        assertThat(OrderflowService.parse("")).containsExactlyInAnyOrder(OrderflowService.values());
        assertThat(OrderflowService.parse("all")).containsExactlyInAnyOrder(OrderflowService.values());
        assertThatThrownBy(() -> OrderflowService.parse("orders,billing"))
                .hasMessageContaining("billing").hasMessageContaining("orders,relay,inventory");
    }

    private static List<String> locations(Set<OrderflowService> services, Path disk) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            return RouteFiles.select(context, services, disk).stream().map(Resource::getLocation).toList();
        }
    }
}
