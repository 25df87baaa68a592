package io.orderflow.orders;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.orderflow.http.Problem;
import io.orderflow.http.ProblemException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Idempotency-Key bookkeeping, insert-first: the key row is written in the placing transaction, so of two
 * requests racing with one key exactly one creates the order; the other waits for it and replays its answer.
 */
final class IdempotencyKeys {

    static final int MAX_KEY_LENGTH = 255;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String SET_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?1, true)";
    private static final String CLAIM = """
            INSERT INTO orders.idempotency_keys (idempotency_key, request_fingerprint, order_id, created_at)
            VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (idempotency_key) DO NOTHING""";
    private static final String EARLIER = """
            SELECT request_fingerprint, order_id FROM orders.idempotency_keys WHERE idempotency_key = ?1""";
    private static final String PURGE = "DELETE FROM orders.idempotency_keys WHERE created_at < ?1";

    private final EntityManager entityManager;
    private final Duration lockTimeout;

    IdempotencyKeys(EntityManager entityManager, Duration lockTimeout) {
        this.entityManager = entityManager;
        this.lockTimeout = lockTimeout;
    }

    /** Refuses keys that cannot be stored or compared safely. */
    static void validate(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new ProblemException(Problem.of(400, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters"));
        }
    }

    /**
     * Claims {@code key} for a new order inside the current transaction.
     *
     * @return empty when the key is new (go on and create {@code orderId}), else the order created earlier
     */
    Optional<UUID> claim(String key, String fingerprint, UUID orderId, Instant now) {
        try {
            entityManager.createNativeQuery(SET_LOCK_TIMEOUT).setParameter(1, lockTimeout.toMillis() + "ms").getSingleResult();
            int inserted = entityManager.createNativeQuery(CLAIM)
                    .setParameter(1, key).setParameter(2, fingerprint).setParameter(3, orderId).setParameter(4, now)
                    .executeUpdate();
            if (inserted == 1) {
                return Optional.empty();
            }
        } catch (PersistenceException e) {
            if (isLockTimeout(e)) {
                throw new ProblemException(Problem.of(409, "request-in-progress", "Conflict",
                        "A request with this Idempotency-Key is still being processed; retry later"));
            }
            throw e;
        }
        Object[] earlier = (Object[]) entityManager.createNativeQuery(EARLIER).setParameter(1, key).getSingleResult();
        if (!fingerprint.equals(earlier[0])) {
            throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request body"));
        }
        return Optional.of((UUID) earlier[1]);
    }

    /** Forgets keys older than {@code cutoff}; run inside a transaction. */
    int purgeOlderThan(Instant cutoff) {
        return entityManager.createNativeQuery(PURGE).setParameter(1, cutoff).executeUpdate();
    }

    private static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
