package io.orderflow.events;

/**
 * An event that can never be processed, however often it is retried (it refers to something that does not
 * exist, or cannot be read at all): it goes to the dead-letter stream at once.
 */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
