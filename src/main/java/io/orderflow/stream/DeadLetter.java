package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dead-letter entry as CONTRACT.md defines it: the original payload byte for byte, where it came from, why it
 * failed and how often it was tried.
 *
 * @param original       the original entry's fields ({@code payload}, {@code event_type}, {@code event_id},
 *                       {@code traceparent} are carried over when present)
 * @param originalStream the stream the entry was read from (null if unknown)
 * @param originalId     the entry's id there (null if unknown: then the dead letter is not deduplicated)
 * @param group          the consumer group that gave up on it
 * @param consumer       the consumer that gave up on it
 * @param error          the error, as class name and message
 * @param attempts       how often it was tried
 * @param failedAt       when it was given up on
 */
record DeadLetter(Map<String, byte[]> original, String originalStream, String originalId, String group, String consumer,
                  Throwable error, long attempts, Instant failedAt) {

    private static final String[] CARRIED_OVER = { "event_type", "event_id" };

    /** The key under which the dead-letter index remembers this original: entry ids are unique per stream only. */
    String deduplicationKey() {
        return originalId == null ? "" : originalStream + ":" + originalId;
    }

    /** The entry's fields in the contract's order. */
    Map<String, byte[]> fields() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put(RedisStreamsConstants.PAYLOAD_FIELD, original.getOrDefault(RedisStreamsConstants.PAYLOAD_FIELD, new byte[0]));
        put(fields, "original_stream", originalStream);
        put(fields, "original_id", originalId);
        put(fields, "group", group);
        put(fields, "consumer", consumer);
        for (String field : CARRIED_OVER) {
            if (original.get(field) != null) {
                fields.put(field, original.get(field));
            }
        }
        put(fields, "error_class", error == null ? "unknown" : error.getClass().getName());
        put(fields, "error_message", error == null || error.getMessage() == null ? "" : error.getMessage());
        put(fields, "attempts", Long.toString(attempts));
        put(fields, "failed_at", failedAt.toString());
        if (original.get("traceparent") != null) {
            fields.put("traceparent", original.get("traceparent"));
        }
        return fields;
    }

    private static void put(Map<String, byte[]> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
