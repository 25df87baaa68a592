package io.orderflow.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what never reaches a route (unknown path, wrong method, body over the limit, a failure inside the
 * HTTP server) with problem+json instead of Vert.x's plain-text pages.
 */
public final class HttpErrorPages implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorPages.class);
    private static final Pattern PATH_PARAMETER = Pattern.compile(":[A-Za-z0-9_]+");

    private final int port;

    public HttpErrorPages(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        var routers = HttpServerRouters.of(context, port);
        if (routers.isEmpty()) {
            LOG.warn("No HTTP server on port {}: problem+json error pages not installed", port);
            return;
        }
        // Camel's routes live in a sub-router; unmatched requests and body-limit failures are answered by the
        // server's root router, so that is where the pages go.
        Router routes = routers.get().routes();
        Router root = routers.get().root();
        String limit = context.getPropertiesComponent().resolveProperty("camel.server.max-body-size").orElse("?");
        root.errorHandler(404, ctx -> answer(ctx, Problem.of(404, "not-found", "Not Found",
                "No resource at " + ctx.request().path())));
        root.errorHandler(405, ctx -> {
            ctx.response().putHeader("Allow", String.join(", ", allowedMethods(routes, ctx.request().path())));
            answer(ctx, Problem.of(405, "method-not-allowed", "Method Not Allowed",
                    ctx.request().method() + " is not allowed on " + ctx.request().path()));
        });
        root.errorHandler(413, ctx -> answer(ctx, Problem.of(413, "payload-too-large", "Payload Too Large",
                "The request body is larger than the limit of " + limit + " bytes")));
        // Vert.x's TimeoutHandler (orderflow.http.request-timeout) fails a request that takes too long with 503
        String timeout = context.getPropertiesComponent().resolveProperty("orderflow.http.request-timeout").orElse("?");
        root.errorHandler(503, ctx -> answer(ctx, Problem.of(503, "request-timeout", "Service Unavailable",
                "The request was not answered within " + timeout)));
        root.errorHandler(500, ctx -> {
            LOG.error("HTTP request failed inside the server", ctx.failure());
            answer(ctx, Problem.of(500, "internal-error", "Internal Server Error", "The request failed unexpectedly"));
        });
    }

    private static Set<String> allowedMethods(Router routes, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes.getRoutes()) {
            String pattern = route.getPath();
            if (pattern != null && path.matches(PATH_PARAMETER.matcher(Pattern.quote(pattern))
                    .replaceAll("\\\\E[^/]+\\\\Q")) && route.methods() != null) {
                route.methods().stream().map(HttpMethod::name).forEach(allowed::add);
            }
        }
        return allowed;
    }

    /** The server's root router, in front of Camel's sub-router (Camel 4.17 keeps it private). */
    static void answer(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten()) {
            return;
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(ApiJson.write(problem));
    }
}
