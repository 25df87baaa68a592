package io.orderflow.http;

import java.lang.reflect.Field;
import java.util.Optional;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * The Vert.x routers of Camel's HTTP server on one port: the sub-router that holds Camel's routes, and the server's
 * root router, which answers what no route takes (unknown paths, wrong methods, bodies over the limit).
 */
record HttpServerRouters(VertxPlatformHttpRouter routes, Router root) {

    static Optional<HttpServerRouters> of(CamelContext context, int port) {
        VertxPlatformHttpRouter routes = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        return Optional.ofNullable(routes).map(r -> new HttpServerRouters(r, rootRouter(r.getServer())));
    }

    VertxPlatformHttpServer server() {
        return routes.getServer();
    }

    private static Router rootRouter(VertxPlatformHttpServer server) {
        try {
            // Camel keeps the root router to itself; the tests of the error pages and the drain fail if this changes
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            return (Router) field.get(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Camel's platform-http server changed: cannot reach its root router", e);
        }
    }
}
