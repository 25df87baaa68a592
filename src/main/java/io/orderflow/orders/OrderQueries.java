package io.orderflow.orders;

import java.util.UUID;

import io.orderflow.http.Problem;
import io.orderflow.http.ProblemException;
import jakarta.persistence.EntityManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads orders for {@code GET /orders/{id}}.
 */
public final class OrderQueries {

    private final EntityManager entityManager;
    private final TransactionTemplate readOnly;

    OrderQueries(EntityManager entityManager, TransactionTemplate readOnly) {
        this.entityManager = entityManager;
        this.readOnly = readOnly;
    }

    /** The order, or a 404 problem when the id is unknown (or not an id at all). */
    public OrderView get(String id) {
        UUID orderId = parse(id);
        OrderView order = readOnly.execute(status -> {
            Order found = entityManager.find(Order.class, orderId);
            return found == null ? null : OrderView.of(found);
        });
        if (order == null) {
            throw notFound(id);
        }
        return order;
    }

    private static UUID parse(String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through: an id that cannot exist is simply not found
        }
        throw notFound(id);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not Found", "No order with id " + id));
    }
}
