package io.orderflow.runtime;

import java.time.Duration;

/**
 * Limits every pooled connection's session gets, so a slow query, a lock wait or a transaction left open cannot hold
 * a connection (or the outbox rows it locked) for long. A transaction may lower them ({@code SET LOCAL}).
 *
 * @param statement         longest statement ({@code statement_timeout})
 * @param lock              longest wait for a row or table lock ({@code lock_timeout})
 * @param idleInTransaction longest pause inside an open transaction before PostgreSQL ends the session
 *                          ({@code idle_in_transaction_session_timeout}), releasing its locks
 */
public record DatabaseTimeouts(Duration statement, Duration lock, Duration idleInTransaction) {

    static DatabaseTimeouts from(Settings settings) {
        return new DatabaseTimeouts(
                settings.getDuration("orderflow.db.statement-timeout", Duration.ofSeconds(30)),
                settings.getDuration("orderflow.db.lock-timeout", Duration.ofSeconds(10)),
                settings.getDuration("orderflow.db.idle-in-transaction-timeout", Duration.ofSeconds(60)));
    }

    /** The JDBC driver's {@code options} property that sets them for each new session. */
    String sessionOptions() {
        return "-c statement_timeout=" + statement.toMillis()
                + " -c lock_timeout=" + lock.toMillis()
                + " -c idle_in_transaction_session_timeout=" + idleInTransaction.toMillis();
    }

    /**
     * How long the driver waits for any answer before it gives up on the connection: beyond the statement timeout,
     * so it only fires when the server or the network is gone (a timeout on the server's side answers in time).
     */
    int socketTimeoutSeconds() {
        return (int) statement.plusSeconds(15).toSeconds();
    }
}
