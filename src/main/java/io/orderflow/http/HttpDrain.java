package io.orderflow.http;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new HTTP requests cleanly from the moment the process starts stopping (SIGTERM): 503 problem+json with
 * {@code Retry-After} and {@code Connection: close}, so clients and load balancers go to another instance. Without
 * it, Camel answers 503 with no body while its routes are suspended, then 404 (routes removed, server still up) until
 * the server closes. Requests already in a route finish; only liveness is still answered, so a stopping process is
 * not killed as dead.
 */
public final class HttpDrain implements StartupListener {

    static final String LIVENESS = "/observe/health/live";
    private static final Logger LOG = LoggerFactory.getLogger(HttpDrain.class);

    private final int port;

    public HttpDrain(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        var routers = HttpServerRouters.of(context, port);
        if (routers.isEmpty()) {
            LOG.warn("No HTTP server on port {}: requests during shutdown are not drained", port);
            return;
        }
        Router root = routers.get().root();
        Problem stopping = Problem.of(503, "shutting-down", "Service Unavailable",
                "This instance is shutting down; send the request again (to another instance)");
        // ahead of Camel's sub-router, which the server mounted first
        root.route().order(-1).handler(ctx -> {
            if (!(context.isStopping() || context.isStopped()) || LIVENESS.equals(ctx.normalizedPath())) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("Connection", "close").putHeader("Retry-After", "1");
            HttpErrorPages.answer(ctx, stopping);
        });
    }
}
