package io.orderflow.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Times every request a Camel route answers (the order API, the admin endpoints) by route, method and status, and
 * writes one access line per request to the logger {@code orderflow.flow.http}, in the request's trace.
 * {@code /observe/*} is served outside Camel's routes and is neither timed nor logged.
 */
final class HttpRequestObserver extends EventNotifierSupport {

    private static final Logger ACCESS = LoggerFactory.getLogger("orderflow.flow.http");
    /** The request line, kept from the start: routes drop the request headers before they answer. */
    private static final String REQUEST = "OrderflowHttpRequest";

    private final MeterRegistry registry;
    /** One timer per route, method and status, looked up once: building and registering one costs more than recording. */
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    HttpRequestObserver(MeterRegistry registry) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCreatedEvent || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        if (!(exchange.getFromEndpoint() instanceof PlatformHttpEndpoint)) {
            return;
        }
        Message message = exchange.getMessage();
        if (event instanceof CamelEvent.ExchangeCreatedEvent) {
            exchange.setProperty(REQUEST, new Request(message.getHeader(Exchange.HTTP_METHOD, "", String.class),
                    path(message)));
            return;
        }
        Request request = exchange.getProperty(REQUEST, new Request("", ""), Request.class);
        String route = exchange.getFromRouteId();
        String method = request.method();
        int status = status(exchange);
        Duration took = Duration.ofMillis(exchange.getClock().elapsed());
        timers.computeIfAbsent(new TimerKey(route == null ? "" : route, method, status), this::timer).record(took);
        if (ACCESS.isInfoEnabled()) {
            Map<String, String> before = TraceMdc.snapshot();
            try {
                TraceMdc.apply(LogContext.of(exchange));
                ACCESS.info("{} {} {} {}", kv("method", method), kv("path", request.path()), kv("status", status),
                        kv("duration_ms", took.toMillis()));
            } finally {
                TraceMdc.restore(before);
            }
        }
    }

    private Timer timer(TimerKey key) {
        return Timer.builder(Metrics.HTTP_REQUESTS)
                .description("HTTP requests answered by Camel routes, by route, method and status")
                .tag("route", key.route())
                .tag("method", key.method())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
    }

    /** As platform-http answers: the route's response code, else 500 for a failure, 200 with a body, 204 without. */
    private static int status(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null) {
            return code;
        }
        if (exchange.isFailed()) {
            return 500;
        }
        return exchange.getMessage().getBody() == null ? 204 : 200;
    }

    private static String path(Message message) {
        String path = message.getHeader(Exchange.HTTP_PATH, String.class);
        return path == null || path.isEmpty() ? message.getHeader(Exchange.HTTP_URI, "", String.class) : path;
    }

    private record Request(String method, String path) {
    }

    private record TimerKey(String route, String method, int status) {
    }
}
