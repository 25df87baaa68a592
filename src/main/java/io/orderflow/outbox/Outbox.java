package io.orderflow.outbox;

import jakarta.persistence.EntityManager;

/**
 * Appends events to a service's outbox, only ever inside the transaction that changes the state they announce.
 */
public final class Outbox {

    private final EntityManager entityManager;

    public Outbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void append(OutboxMessage message) {
        if (!entityManager.isJoinedToTransaction()) {
            // an event written outside the state change's transaction could announce something that never happened
            throw new IllegalStateException("Outbox append of " + message.eventType() + " outside a transaction");
        }
        entityManager.persist(message);
    }
}
