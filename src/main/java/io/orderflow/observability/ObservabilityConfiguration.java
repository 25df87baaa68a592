package io.orderflow.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderflow.runtime.DatabaseSettings;
import io.orderflow.runtime.OrderflowService;
import io.orderflow.runtime.Redaction;
import io.orderflow.runtime.ServiceSelection;
import io.orderflow.runtime.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.UnitOfWorkFactory;

/**
 * Metrics, readiness, log context and tracing for every service: the trace keys in the MDC of every exchange,
 * Orderflow's meters (HTTP, orders and saga, outbox, streams) and the JVM's, the PostgreSQL and Redis readiness checks
 * and the background refresh that feeds them, and, when {@code orderflow.otlp.enabled}, span export.
 */
public final class ObservabilityConfiguration implements CamelConfiguration {

    static final String REFRESH_INTERVAL = "orderflow.observability.refresh-interval";
    static final String TIMEOUT = "orderflow.observability.timeout";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Settings settings = Settings.of(context);
        ServiceSelection services = registry.lookupByNameAndType(ServiceSelection.BEAN_NAME, ServiceSelection.class);
        MeterRegistry meters = meters(registry);
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        Duration interval = settings.getDuration(REFRESH_INTERVAL, Duration.ofSeconds(5));
        Duration timeout = settings.getDuration(TIMEOUT, Duration.ofSeconds(2));

        JulToSlf4j.install();
        if (settings.getBoolean(OtlpExport.ENABLED, false)) {
            OtlpExport.start(context, settings);
        }
        TraceMdcUnitOfWorkFactory unitsOfWork = new TraceMdcUnitOfWorkFactory();
        unitsOfWork.afterPropertiesConfigured(context);
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, unitsOfWork);
        context.getCamelContextExtension().addInterceptStrategy(new TraceMdcInterceptStrategy());

        registry.bind(OrderMetrics.BEAN_NAME, new OrderMetrics(meters));
        registry.bind(ConsumerLog.BEAN_NAME, new ConsumerLog());
        registry.bind(InboxMetrics.BEAN_NAME, new InboxMetrics(meters));
        Map<String, String> outboxStreams = new LinkedHashMap<>();
        if (services.runs(OrderflowService.RELAY)) {
            // the outboxes of routes/outbox-relay.camel.yaml and their streams
            outboxStreams.put("order", settings.require("orderflow.streams.order"));
            outboxStreams.put("inventory", settings.require("orderflow.streams.inventory"));
        }
        registry.bind(OutboxObservation.BEAN_NAME, new OutboxObservation(meters, outboxStreams));
        context.getManagementStrategy().addEventNotifier(new HttpRequestObserver(meters));

        DatabaseSettings database = registry.findSingleByType(DatabaseSettings.class);
        PostgresProbe postgres = new PostgresProbe(registry.lookupByNameAndType("dataSource", DataSource.class),
                Redaction.url(database.url()).replaceFirst("^jdbc:postgresql://", ""), timeout, clock);
        RedisProbe redis = new RedisProbe(settings.require("orderflow.redis.url"), timeout, clock);
        // an answer older than three refreshes means the probe itself is stuck
        Duration maxAge = interval.multipliedBy(3).plus(timeout);
        registry.bind("postgresqlHealthCheck", new DependencyHealthCheck("postgresql", postgres, maxAge));
        registry.bind("redisHealthCheck", new DependencyHealthCheck("redis", redis, maxAge));

        context.addService(new JvmMetrics(meters), true, false);
        DeadLetterCounter deadLetters = new DeadLetterCounter();
        registry.bind(DeadLetterCounter.BEAN_NAME, deadLetters);
        context.addService(new ObservabilityRefresher(postgres, redis, meters, interval, outboxStreams,
                services.runs(OrderflowService.ORDERS), deadLetters), true, false);
    }

    /**
     * Camel's registry (camel.metrics.enabled, created before any configuration class runs), with
     * {@link MeterConventions} added before any meter of Camel's routes, Orderflow's or the JVM's is registered (a
     * filter does not apply to meters registered before it).
     */
    private static MeterRegistry meters(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            // camel.metrics.enabled=false: nothing is scraped, the meters count for nobody
            meters = new SimpleMeterRegistry();
        }
        meters.config().meterFilter(new MeterConventions());
        return meters;
    }
}
