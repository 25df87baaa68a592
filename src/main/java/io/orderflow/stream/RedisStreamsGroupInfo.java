package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer group of a stream as XINFO GROUPS reports it.
 *
 * @param name            the group
 * @param consumers       its consumers
 * @param pending         entries delivered to it and not acknowledged
 * @param lastDeliveredId the last entry delivered to the group
 * @param entriesRead     entries the group has read (Redis 7; null on 6.2)
 * @param lag             entries not yet delivered to the group (Redis 7; null on 6.2 or when Redis cannot tell)
 */
public record RedisStreamsGroupInfo(String name, long consumers, long pending, String lastDeliveredId, Long entriesRead,
                                    Long lag) {

    /** Reads XINFO GROUPS' reply: per group a flat list of name/value pairs (RESP2) or a map (RESP3). */
    static List<RedisStreamsGroupInfo> parse(List<Object> reply) {
        List<RedisStreamsGroupInfo> groups = new ArrayList<>();
        for (Object group : reply) {
            Map<String, Object> fields = fields(group);
            groups.add(new RedisStreamsGroupInfo(text(fields.get("name")), number(fields.get("consumers")),
                    number(fields.get("pending")), text(fields.get("last-delivered-id")),
                    nullableNumber(fields.get("entries-read")), nullableNumber(fields.get("lag"))));
        }
        return groups;
    }

    private static Map<String, Object> fields(Object group) {
        Map<String, Object> fields = new HashMap<>();
        if (group instanceof Map<?, ?> map) {
            map.forEach((k, v) -> fields.put(text(k), v));
        } else if (group instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                fields.put(text(list.get(i)), list.get(i + 1));
            }
        }
        return fields;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    private static long number(Object value) {
        Long number = nullableNumber(value);
        return number == null ? 0 : number;
    }

    private static Long nullableNumber(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = text(value);
        return text == null || text.isEmpty() ? null : Long.valueOf(text);
    }
}
