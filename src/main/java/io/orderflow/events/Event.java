package io.orderflow.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What every event on a stream carries (CONTRACT.md): a fresh id, its type, the aggregate it is about, when it
 * was recorded (UTC) and the schema version. Implementations are past-tense records named after the type.
 */
@JsonPropertyOrder({"event_id", "event_type", "aggregate_id", "occurred_at", "schema_version"})
public interface Event {

    int SCHEMA_VERSION = 1;

    @JsonProperty("event_id")
    UUID eventId();

    @JsonProperty("aggregate_id")
    String aggregateId();

    @JsonProperty("occurred_at")
    Instant occurredAt();

    @JsonProperty("event_type")
    default String eventType() {
        return getClass().getSimpleName();
    }

    @JsonProperty("schema_version")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
