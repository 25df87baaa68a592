package io.orderflow.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.orderflow.observability.OrderMetrics;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sagas completed in the current transaction, counted once it commits: a rolled-back attempt (retried, or taken one
 * by one after a failed batch) must not count.
 */
final class SagaCompletions {

    static final String BY_INVENTORY = "inventory";

    private final OrderMetrics metrics;
    private final List<Runnable> counts = new ArrayList<>();

    private SagaCompletions(OrderMetrics metrics) {
        this.metrics = metrics;
    }

    /** Collects completions for the current transaction. */
    static SagaCompletions afterCommit(OrderMetrics metrics) {
        SagaCompletions completions = new SagaCompletions(metrics);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                completions.counts.forEach(Runnable::run);
            }
        });
        return completions;
    }

    /** An order reached {@code status}, decided by {@code cause} ({@code inventory} or {@code timeout}). */
    void completed(OrderStatus status, String cause, Instant createdAt, Instant now) {
        Duration sinceCreated = Duration.between(createdAt, now);
        counts.add(() -> metrics.sagaCompleted(status.name(), cause, sinceCreated));
    }
}
