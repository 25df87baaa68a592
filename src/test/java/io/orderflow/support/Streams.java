package io.orderflow.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessages;

/**
 * Looks at and writes to the test Redis streams directly, as another program would.
 */
public final class Streams {

    private Streams() {
    }

    /** All entries of a stream, oldest first, as id + fields. */
    public static List<StreamMessage<String, String>> entries(String stream) {
        return RealServers.redis().xrange(stream, Range.create("-", "+"));
    }

    /** The entries of a stream about one aggregate, oldest first. */
    public static List<Map<String, String>> about(String stream, String aggregateId) {
        return entries(stream).stream()
                .filter(e -> aggregateId.equals(e.getBody().get("aggregate_id")))
                .map(StreamMessage::getBody)
                .toList();
    }

    public static String add(String stream, Map<String, String> fields) {
        return RealServers.redis().xadd(stream, new LinkedHashMap<>(fields));
    }

    public static long pending(String stream, String group) {
        PendingMessages pending = RealServers.redis().xpending(stream, group);
        return pending.getCount();
    }

    public static long length(String stream) {
        Long length = RealServers.redis().xlen(stream);
        return length == null ? 0 : length;
    }
}
