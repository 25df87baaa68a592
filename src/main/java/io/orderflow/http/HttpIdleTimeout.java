package io.orderflow.http;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP connections that carry no traffic for {@code orderflow.http.idle-timeout}: idle keep-alive connections
 * and clients that open a connection and send nothing (or too slowly) would otherwise be held forever. Camel 4.17
 * creates the Vert.x server with default options (no idle timeout) and offers no setting, so the option is set on
 * the running server's options, which Vert.x reads for every new connection.
 */
public final class HttpIdleTimeout implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpIdleTimeout.class);

    private final int port;
    private final Duration timeout;

    public HttpIdleTimeout(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        var routers = HttpServerRouters.of(context, port);
        if (routers.isEmpty() || timeout.isZero() || timeout.isNegative()) {
            return;
        }
        HttpServer server = routers.get().server().getServer();
        try {
            Field field = server.getClass().getDeclaredField("options");
            field.setAccessible(true);
            HttpServerOptions options = (HttpServerOptions) field.get(server);
            options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) timeout.toMillis());
        } catch (ReflectiveOperationException | ClassCastException e) {
            LOG.warn("Vert.x's HTTP server changed: idle HTTP connections are not closed ({})", e.toString());
        }
    }
}
