package io.orderflow.orders;

import io.orderflow.http.HttpResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP answers of the order API.
 */
public final class OrderResponses {

    /** 201 with Location; a replayed Idempotency-Key gets the first answer again, marked as a replay. */
    public void created(PlacedOrder placed, Exchange exchange) {
        Message message = exchange.getMessage();
        HttpResponses.json(message, 201, placed.order());
        message.setHeader("Location", "/orders/" + placed.id());
        if (placed.replayed()) {
            message.setHeader("Idempotent-Replayed", "true");
        }
    }

    public void found(OrderView order, Exchange exchange) {
        HttpResponses.json(exchange.getMessage(), 200, order);
    }
}
