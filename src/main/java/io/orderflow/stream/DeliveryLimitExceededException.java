package io.orderflow.stream;

/**
 * The error recorded on a dead-letter entry that was delivered more often than {@code maxDeliveries} allows, e.g.
 * because its handler keeps crashing the process.
 */
public class DeliveryLimitExceededException extends RuntimeException {

    public DeliveryLimitExceededException(String id, long deliveries, int maxDeliveries) {
        super("Entry " + id + " was delivered " + deliveries + " times, more than maxDeliveries=" + maxDeliveries);
    }
}
