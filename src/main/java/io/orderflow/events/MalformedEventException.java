package io.orderflow.events;

/**
 * A stream entry that can never be processed: no payload, not JSON, or without {@code event_id} /
 * {@code event_type}. Retrying cannot help, so it goes to the dead-letter stream at once.
 */
public class MalformedEventException extends UnprocessableEventException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
