package io.orderflow.events;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON wire format of events (CONTRACT.md): snake_case, ISO-8601 UTC instants with milliseconds, money as
 * exact decimal numbers. Readers ignore fields they do not know.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(Timestamps.jacksonModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventJson() {
    }

    public static String write(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + event.eventType(), e);
        }
    }

    /** Reads the envelope of a payload, refusing what can never be an event. */
    public static EventHeader header(String payload) {
        JsonNode node = tree(payload);
        return new EventHeader(requiredText(node, "event_id"), requiredText(node, "event_type"),
                node.path("aggregate_id").asText(null));
    }

    /** Reads a payload as the given event type. */
    public static <T extends Event> T read(String payload, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree(payload), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("Payload is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedEventException("Entry has no payload");
        }
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException("Payload is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("Payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw new MalformedEventException("Payload lacks " + field);
        }
        return value.asText();
    }
}
