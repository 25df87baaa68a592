package io.orderflow.runtime;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells outages (PostgreSQL unreachable, a connection lost mid-transaction) from failures of the work itself:
 * an outage is worth waiting out (HTTP answers 503, consumers keep retrying), anything else is not.
 */
public final class TransientFailures {

    public static final String BEAN_NAME = "transientFailures";

    /** For {@code onWhen} in route configurations. */
    public boolean matches(Throwable failure) {
        return isDatabaseUnavailable(failure);
    }

    /** No connection, or one lost: the work could not have had an effect and is safe to retry. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedConnection(sql))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Class 08 (connection exception) and 57P (server shutting down, e.g. a terminated backend). */
    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    /**
     * A connection killed mid-transaction also fails the rollback, and that failure (a closed-connection error
     * from the pool or driver, often without a SQL state) is what reaches us.
     */
    private static boolean isClosedConnection(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("connection is closed") || message.contains("connection has been closed");
    }
}
