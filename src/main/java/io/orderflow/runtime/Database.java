package io.orderflow.runtime;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.JpaTransactionManager;

/**
 * PostgreSQL access for the whole process: one HikariCP pool, schemas migrated by Flyway, one Hibernate
 * persistence unit that only validates the mapping, and the transaction manager routes use.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EntityManagerFactory entityManagerFactory;
    private final JpaTransactionManager transactionManager;

    private Database(HikariDataSource dataSource, EntityManagerFactory entityManagerFactory) {
        this.dataSource = dataSource;
        this.entityManagerFactory = entityManagerFactory;
        this.transactionManager = new JpaTransactionManager(entityManagerFactory);
    }

    public static Database open(DatabaseSettings settings, List<Schema> schemas, List<Class<?>> entities) {
        migrate(settings, schemas);
        HikariDataSource dataSource = pool(settings);
        try {
            return new Database(dataSource, persistenceUnit(dataSource, entities));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Applies each schema's versioned migrations; Flyway's lock makes concurrent starts safe. */
    private static void migrate(DatabaseSettings settings, List<Schema> schemas) {
        for (Schema schema : schemas) {
            var result = Flyway.configure()
                    .dataSource(settings.url(), settings.user(), settings.password())
                    .schemas(schema.name())
                    .createSchemas(true)
                    .connectRetries(5)
                    .locations(schema.migrations())
                    .placeholders(schema.placeholders())
                    .load()
                    .migrate();
            LOG.info("Schema {} at version {} ({} migrations applied)", schema.name(),
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("orderflow-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Hibernate is told the pool already disables auto-commit, saving a round trip per transaction.
        config.setAutoCommit(false);
        config.addDataSourceProperty("ApplicationName", settings.applicationName());
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("options", settings.timeouts().sessionOptions());
        config.addDataSourceProperty("socketTimeout", Integer.toString(settings.timeouts().socketTimeoutSeconds()));
        // fail fast on start only when the server is reachable at all; outages later are retried per use
        config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        return new HikariDataSource(config);
    }

    private static EntityManagerFactory persistenceUnit(DataSource dataSource, List<Class<?>> entities) {
        return new HibernatePersistenceConfiguration("orderflow")
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .managedClasses(entities)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate")
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true)
                .property(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .property(AvailableSettings.USE_SECOND_LEVEL_CACHE, false)
                .property(AvailableSettings.SHOW_SQL, false)
                .createEntityManagerFactory();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    public JpaTransactionManager transactionManager() {
        return transactionManager;
    }

    @Override
    public void close() {
        try {
            entityManagerFactory.close();
        } finally {
            dataSource.close();
        }
    }

    /** A database schema owned by one service, with its migrations and the values they are given. */
    public record Schema(String name, String migrations, Map<String, String> placeholders) {
    }
}
