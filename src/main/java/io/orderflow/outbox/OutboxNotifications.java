package io.orderflow.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's {@code orderflow_outbox} channel (an outbox trigger notifies it when a transaction
 * that wrote events commits, with the schema as payload) and wakes that schema's relay. One dedicated
 * connection, outside the pool; when it breaks it is re-opened with backoff, and every relay is woken in case a
 * notification was missed meanwhile (the relays' safety-net poll covers the gap).
 */
public final class OutboxNotifications extends ServiceSupport implements CamelContextAware {

    public static final String CHANNEL = "orderflow_outbox";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifications.class);
    private static final int WAIT_MILLIS = 1_000;

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, OutboxWakeup> relaysBySchema = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private ExecutorService executor;
    private volatile boolean running;
    private volatile Connection connection;

    public OutboxNotifications(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Wakes {@code relay} when an outbox table in {@code schema} gets events. */
    public void register(String schema, OutboxWakeup relay) {
        relaysBySchema.put(schema, relay);
    }

    @Override
    protected void doStart() {
        running = true;
        executor = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "outbox-notifications");
        executor.submit(this::listen);
    }

    @Override
    protected void doStop() {
        running = false;
        closeQuietly();
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    private void listen() {
        long backoff = 500;
        boolean warned = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                if (warned) {
                    LOG.info("Listening to outbox notifications again");
                    warned = false;
                }
                backoff = 500;
                relaysBySchema.values().forEach(OutboxWakeup::wake);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            OutboxWakeup relay = relaysBySchema.get(notification.getParameter());
                            if (relay != null) {
                                relay.wake();
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    LOG.warn("Outbox notifications unavailable ({}); relays fall back to polling until they return",
                            e.getMessage());
                    warned = true;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, Duration.ofSeconds(30).toMillis());
            } finally {
                connection = null;
            }
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing the notification connection failed", e);
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
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
