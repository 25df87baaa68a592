package io.orderflow.runtime;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A route {@code policy} that runs its steps in one database transaction: committed when they complete,
 * rolled back when one fails, the failure left on the exchange for the route to handle. Unlike {@code transacted}
 * it brings no error handler of its own, so a route keeps the error handling it declares.
 */
public final class TransactionScope implements Policy {

    public static final String BEAN_NAME = "inTransaction";

    private final TransactionTemplate transaction;

    public TransactionScope(PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the transaction is opened per exchange in wrap
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return exchange -> transaction.executeWithoutResult(status -> {
            try {
                steps.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                status.setRollbackOnly();
            }
        });
    }
}
