package io.orderflow.observability;

/**
 * An outbox as PostgreSQL last answered.
 *
 * @param backlog          rows not yet published
 * @param oldestAgeSeconds age of the oldest unpublished row (by its event's occurred_at), 0 when there is none
 */
record OutboxState(long backlog, double oldestAgeSeconds) {
}
