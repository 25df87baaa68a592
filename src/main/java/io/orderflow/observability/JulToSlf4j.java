package io.orderflow.observability;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** OpenTelemetry's exporter logs through java.util.logging: its lines must be JSON lines like all others. */
final class JulToSlf4j {

    private JulToSlf4j() {
    }

    static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
