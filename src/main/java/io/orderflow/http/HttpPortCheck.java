package io.orderflow.http;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * Fails the start when the HTTP server could not bind its port (in use): Camel 4.17 only logs that and runs on without
 * HTTP, so neither the API nor the health endpoints answer, and nothing tells the supervisor to restart or replace it.
 */
public final class HttpPortCheck implements StartupListener {

    private final int port;

    public HttpPortCheck(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        var routers = HttpServerRouters.of(context, port);
        // Vert.x's server class (internal) is the only one that knows whether its listen failed
        if (routers.isPresent() && routers.get().server().getServer() instanceof TCPServerBase server
                && !server.isListening()) {
            throw new IllegalStateException("The HTTP server is not listening on port " + port
                    + " (in use by another process?): set ORDERFLOW_HTTP_PORT to a free port");
        }
    }
}
