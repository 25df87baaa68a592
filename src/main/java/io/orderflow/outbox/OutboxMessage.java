package io.orderflow.outbox;

import java.time.Instant;
import java.util.UUID;

import io.orderflow.events.Event;
import io.orderflow.events.EventJson;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * One event waiting in a service's outbox table for the relay. Each service maps its own table by
 * subclassing this; the row is written in the same transaction as the state change it announces.
 */
@MappedSuperclass
public abstract class OutboxMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false, updatable = false)
    private UUID eventId;

    @Column(name = "aggregate_type", nullable = false, updatable = false, length = 64)
    private String aggregateType;

    @Column(name = "aggregate_id", nullable = false, updatable = false, length = 64)
    private String aggregateId;

    @Column(name = "event_type", nullable = false, updatable = false, length = 64)
    private String eventType;

    /** The event JSON exactly as it will be published (text, so the bytes never change on the way). */
    @Column(name = "payload", nullable = false, updatable = false, columnDefinition = "text")
    private String payload;

    @Column(name = "traceparent", updatable = false, length = 64)
    private String traceparent;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(name = "published_at")
    private Instant publishedAt;

    protected OutboxMessage() {
    }

    protected OutboxMessage(String aggregateType, Event event, String traceparent) {
        this.eventId = event.eventId();
        this.aggregateType = aggregateType;
        this.aggregateId = event.aggregateId();
        this.eventType = event.eventType();
        this.payload = EventJson.write(event);
        this.traceparent = traceparent;
        this.occurredAt = event.occurredAt();
    }

    public Long id() {
        return id;
    }

    public UUID eventId() {
        return eventId;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public String eventType() {
        return eventType;
    }

    public String payload() {
        return payload;
    }

    public String traceparent() {
        return traceparent;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public Instant publishedAt() {
        return publishedAt;
    }
}
