package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;

/**
 * Turns a message (or one element of a batch) into the fields of a stream entry: {@code payload} plus the configured
 * headers, or a {@code Map} of fields given as is. Strings are written as UTF-8, the wire format's encoding.
 */
final class EntryEncoding {

    private final List<String> fieldHeaders;

    EntryEncoding(String fieldHeaders) {
        this.fieldHeaders = fieldHeaders == null ? List.of()
                : Arrays.stream(fieldHeaders.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }

    /** The fields of one entry whose body is {@code element} and whose other fields come from {@code message}'s headers. */
    Map<String, byte[]> encode(Object element, Message message) throws NoTypeConversionAvailableException {
        Exchange exchange = message.getExchange();
        if (element instanceof Map<?, ?> map) {
            return fromMap(map, exchange);
        }
        if (element == null) {
            throw new IllegalArgumentException("A stream entry needs a body (its payload)");
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put(RedisStreamsConstants.PAYLOAD_FIELD, bytes(exchange, element));
        for (String header : fieldHeaders) {
            Object value = message.getHeader(header);
            if (value != null) {
                fields.put(header, bytes(exchange, value));
            }
        }
        return fields;
    }

    private static Map<String, byte[]> fromMap(Map<?, ?> map, Exchange exchange) throws NoTypeConversionAvailableException {
        if (map.get(RedisStreamsConstants.PAYLOAD_FIELD) == null) {
            throw new IllegalArgumentException("A stream entry given as a Map needs the field payload, got " + map.keySet());
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : map.entrySet()) {
            if (field.getValue() != null) {
                fields.put(String.valueOf(field.getKey()), bytes(exchange, field.getValue()));
            }
        }
        return fields;
    }

    static byte[] bytes(Exchange exchange, Object value) throws NoTypeConversionAvailableException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, value);
    }
}
