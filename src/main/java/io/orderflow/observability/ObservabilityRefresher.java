package io.orderflow.observability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderflow.outbox.OutboxRelay;
import io.orderflow.stream.RedisStreamsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks PostgreSQL and Redis in the background, every {@code orderflow.observability.refresh-interval}, each on its own
 * thread (a hanging one does not delay the other): one question each, whose answer feeds both readiness and the
 * gauges. Scrapes and health requests read the last answers only. Starts with the Camel context, when the outbox
 * relays and the redis-streams component it watches exist.
 */
final class ObservabilityRefresher extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityRefresher.class);

    private final PostgresProbe postgres;
    private final RedisProbe redis;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Map<String, String> outboxStreams;
    private final boolean saga;
    private CamelContext camelContext;
    private ScheduledExecutorService executor;
    private final DeadLetterCounter deadLetters;

    /**
     * @param outboxStreams the stream of each outbox whose backlog to watch
     * @param saga          whether to watch the orders still PENDING
     */
    ObservabilityRefresher(PostgresProbe postgres, RedisProbe redis, MeterRegistry meters, Duration interval,
                           Map<String, String> outboxStreams, boolean saga, DeadLetterCounter deadLetters) {
        this.postgres = postgres;
        this.redis = redis;
        this.meters = meters;
        this.interval = interval;
        this.outboxStreams = Map.copyOf(outboxStreams);
        this.saga = saga;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doStart() {
        Map<String, String> tables = new LinkedHashMap<>();
        outboxStreams.keySet().forEach(outbox -> tables.put(outbox, camelContext.getRegistry()
                .lookupByNameAndType(outbox + "OutboxRelay", OutboxRelay.class).table()));
        postgres.watch(tables, saga);
        BacklogMetrics.register(meters, postgres, outboxStreams, saga);
        StreamMetrics streams = new StreamMetrics(meters,
                camelContext.getComponent("redis-streams", RedisStreamsComponent.class), redis);
        deadLetters.countInto(streams);

        executor = camelContext.getExecutorServiceManager().newScheduledThreadPool(this, "observability", 2);
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(guarded(postgres::refresh), 0, millis, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guarded(() -> redis.refresh(streams.consumedGroups())), 0, millis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        redis.close();
    }

    /** A scheduled task that throws is never run again: keep refreshing whatever happens. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Observability refresh failed", e);
            }
        };
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
