package io.orderflow.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the relays of one outbox (in this process or another, through {@link OutboxNotifications#CHANNEL}) after
 * transactions that appended to it committed, instead of a NOTIFY inside each of them: PostgreSQL serializes the
 * commits of all notifying transactions behind one lock held through their WAL flush, which capped order placement
 * at one commit at a time. Here the notification is sent on a thread of its own, at most one in flight: commits that
 * ask meanwhile are folded into the next one, which starts after they committed, so none is missed. The notification
 * only says "look now"; a lost one (PostgreSQL away) is covered by the relay's safety-net poll.
 */
public final class OutboxCommitNotifier extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxCommitNotifier.class);
    /** Not durable on purpose: the rows it points at already are, and it saves a WAL flush under the notify lock. */
    private static final String NOTIFY = "SELECT pg_notify(?, ?), set_config('synchronous_commit', 'off', true)";

    private final DataSource dataSource;
    private final String schema;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Object perTransaction = new Object();
    private CamelContext camelContext;
    private volatile ExecutorService executor;
    private volatile boolean failing;

    /** @param schema the outbox's schema, the notification's payload (what {@link OutboxNotifications} dispatches on) */
    public OutboxCommitNotifier(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** Notifies once the current transaction commits (once per transaction however often it is called); nothing if it rolls back. */
    public void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Outbox rows of " + schema + " appended outside a transaction");
        }
        if (TransactionSynchronizationManager.hasResource(perTransaction)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(perTransaction, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(perTransaction);
                if (status == STATUS_COMMITTED) {
                    committed();
                }
            }
        });
    }

    /** Rows were appended and committed: notify soon, off the caller's thread. */
    public void committed() {
        ExecutorService current = executor;
        if (current != null && pending.compareAndSet(false, true)) {
            try {
                current.execute(this::send);
            } catch (RuntimeException e) {
                // stopping: the relays' poll (or their next start) finds the rows
                pending.set(false);
            }
        }
    }

    private void send() {
        // cleared before sending: a commit that asks from now on gets a notification that starts after it
        pending.set(false);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
            notify.setString(1, OutboxNotifications.CHANNEL);
            notify.setString(2, schema);
            notify.execute();
            connection.commit();
            if (failing) {
                failing = false;
                LOG.info("Outbox notifications for {} are sent again", schema);
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Cannot notify the {} outbox relays ({}); they find new rows by polling until it works again",
                        schema, e.getMessage());
            }
        }
    }

    @Override
    protected void doStart() {
        executor = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "outbox-commit-notifier-" + schema);
    }

    @Override
    protected void doStop() {
        ExecutorService current = executor;
        executor = null;
        if (current != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(current);
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
