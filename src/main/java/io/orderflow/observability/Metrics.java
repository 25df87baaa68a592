package io.orderflow.observability;

/**
 * The names of Orderflow's own meters, in one place (README, section Observability, lists their Prometheus names).
 * Names ending in {@code created}, {@code total} or {@code info} are avoided where they would be mangled: the
 * Prometheus client reserves those suffixes, so {@code orderflow.orders.created} is exposed as
 * {@code orderflow_orders_total}.
 */
final class Metrics {

    static final String ORDERS_CREATED = "orderflow.orders.created";
    static final String HTTP_REQUESTS = "orderflow.http.requests";

    static final String SAGA_COMPLETED = "orderflow.saga.completed";
    static final String SAGA_DURATION = "orderflow.saga.duration";
    static final String SAGA_PENDING = "orderflow.saga.pending";
    static final String SAGA_PENDING_OLDEST_AGE = "orderflow.saga.pending.oldest.age";

    static final String OUTBOX_BACKLOG = "orderflow.outbox.backlog";
    static final String OUTBOX_OLDEST_AGE = "orderflow.outbox.oldest.age";
    static final String OUTBOX_PUBLISHED = "orderflow.outbox.published";
    static final String OUTBOX_PUBLISH_ERRORS = "orderflow.outbox.publish.errors";

    static final String STREAM_PENDING = "orderflow.stream.pending";
    static final String STREAM_LAG = "orderflow.stream.lag";
    static final String STREAM_LAG_SECONDS = "orderflow.stream.lag.seconds";
    static final String STREAM_DEAD_LETTER_LENGTH = "orderflow.stream.dead.letter.length";
    static final String STREAM_DEAD_LETTERED = "orderflow.stream.dead.lettered";
    static final String STREAM_ENTRIES = "orderflow.stream.entries";
    static final String STREAM_REDELIVERIES = "orderflow.stream.redeliveries";
    static final String STREAM_RECLAIMED = "orderflow.stream.reclaimed";

    static final String INBOX_DUPLICATES = "orderflow.inbox.duplicates";

    private Metrics() {
    }
}
