package io.orderflow.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What promtool insists on, applied to meters the way Camel and the JVM binders register them. */
class MeterConventionsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    MeterConventionsTest() {
        registry.config().meterFilter(new MeterConventions());
    }

    @Test
    void camelCaseTagKeysBecomeSnakeCase() {
        Counter.builder("camel.exchanges.total").tag("routeId", "orders-create").tag("camelContext", "orderflow")
                .tag("kind", "CamelRoute").register(registry);

        Meter.Id id = registry.get("camel.exchanges.total").meter().getId();
        assertThat(id.getTag("route_id")).isEqualTo("orders-create");
        assertThat(id.getTag("camel_context")).isEqualTo("orderflow");
        assertThat(id.getTag("kind")).isEqualTo("CamelRoute");
        assertThat(MeterConventions.snakeCase("endpointName")).isEqualTo("endpoint_name");
        assertThat(MeterConventions.snakeCase("already_snake")).isEqualTo("already_snake");
    }

    @Test
    void everyMeterGetsAHelpText() {
        Counter.builder("camel.routes.added").register(registry);
        Counter.builder("some.meter").register(registry);
        Counter.builder("described").description("As given").register(registry);

        assertThat(registry.get("camel.routes.added").meter().getId().getDescription())
                .isEqualTo("Routes added to the Camel context");
        assertThat(registry.get("some.meter").meter().getId().getDescription()).isEqualTo("some meter");
        assertThat(registry.get("described").meter().getId().getDescription()).isEqualTo("As given");
    }

    @Test
    void jvmMeterNamesPromtoolRejectsAreRenamedOrDropped() {
        Gauge.builder("system.cpu.count", () -> 2).register(registry);
        FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").register(registry);

        assertThat(registry.find("system.cpus").gauge()).isNotNull();
        assertThat(registry.find("system.cpu.count").gauge()).isNull();
        assertThat(registry.find("process.cpu.time").meter()).isNull();
    }
}
