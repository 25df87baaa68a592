package io.orderflow.inbox;

import jakarta.persistence.EntityManager;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Camel idempotent repository in PostgreSQL ({@code consumers.processed_events}) for consumers written in YAML
 * only: {@code idempotentConsumer} with key {@code <group>/<event_id>}. Insert-first, so two deliveries racing
 * cannot both pass; an exchange that fails removes its key again and the retry may pass.
 */
public final class ProcessedEvents extends ServiceSupport implements IdempotentRepository {

    public static final String BEAN_NAME = "processedEvents";

    private static final String ADD =
            "INSERT INTO consumers.processed_events (consumer_key) VALUES (?1) ON CONFLICT DO NOTHING";
    private static final String CONTAINS = "SELECT count(*) FROM consumers.processed_events WHERE consumer_key = ?1";
    private static final String REMOVE = "DELETE FROM consumers.processed_events WHERE consumer_key = ?1";

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;

    public ProcessedEvents(EntityManager entityManager, TransactionTemplate transaction) {
        this.entityManager = entityManager;
        this.transaction = transaction;
    }

    @Override
    public boolean add(String key) {
        return Boolean.TRUE.equals(transaction.execute(status ->
                entityManager.createNativeQuery(ADD).setParameter(1, key).executeUpdate() == 1));
    }

    @Override
    public boolean contains(String key) {
        return Boolean.TRUE.equals(transaction.execute(status ->
                ((Number) entityManager.createNativeQuery(CONTAINS).setParameter(1, key).getSingleResult()).longValue() > 0));
    }

    @Override
    public boolean remove(String key) {
        return Boolean.TRUE.equals(transaction.execute(status ->
                entityManager.createNativeQuery(REMOVE).setParameter(1, key).executeUpdate() == 1));
    }

    @Override
    public boolean confirm(String key) {
        // the key was committed by add: nothing left to confirm
        return true;
    }

    /** Forgets every processed event of every add-on consumer (Camel calls this only on an operator's request). */
    @Override
    public void clear() {
        transaction.executeWithoutResult(status ->
                entityManager.createNativeQuery("DELETE FROM consumers.processed_events").executeUpdate());
    }
}
