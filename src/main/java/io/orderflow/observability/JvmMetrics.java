package io.orderflow.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The JVM's meters (memory, GC pauses, threads, classes, CPU, uptime, open files), for the life of the Camel context.
 * Bound here rather than through {@code camel.metrics.binders}, which binds them before Orderflow's meter filter exists.
 */
final class JvmMetrics extends ServiceSupport {

    private final MeterRegistry registry;
    private JvmGcMetrics gc;

    JvmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doStart() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    @Override
    protected void doStop() {
        if (gc != null) {
            // it listens to the JVM's GC notifications until closed
            gc.close();
            gc = null;
        }
    }
}
