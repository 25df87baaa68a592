package io.orderflow.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;

/**
 * The two XREADGROUP reads of a consumer: new entries ({@code >}, blocking, delivered for the first time) and a page
 * of its own pending entries after an id (history, not blocking; Redis counts one more delivery for each, and an
 * entry deleted while pending comes back with no fields).
 */
final class GroupReads {

    private final String stream;
    private final String group;
    private final int count;

    GroupReads(RedisStreamsConfiguration configuration) {
        this.stream = configuration.getStream();
        this.group = configuration.getGroup();
        this.count = configuration.getCount();
    }

    List<Delivery> newEntries(RedisCommands<String, byte[]> redis, String consumer, long blockMillis) {
        return redis.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count).block(blockMillis),
                StreamOffset.lastConsumed(stream)).stream().map(entry -> new Delivery(entry, consumer, 1)).toList();
    }

    /** The own pending entries after {@code afterId}, with their delivery counts from XPENDING; empty at the end. */
    List<Delivery> ownPending(RedisCommands<String, byte[]> redis, String consumer, String afterId) {
        List<StreamMessage<String, byte[]>> entries = redis.xreadgroup(Consumer.from(group, consumer),
                XReadArgs.Builder.count(count), StreamOffset.from(stream, afterId));
        if (entries.isEmpty()) {
            return List.of();
        }
        String first = entries.get(0).getId();
        String last = entries.get(entries.size() - 1).getId();
        Map<String, Long> counts = new HashMap<>();
        for (PendingMessage pending : redis.xpending(stream, Consumer.from(group, consumer), Range.create(first, last),
                Limit.from(entries.size()))) {
            counts.put(pending.getId(), pending.getRedeliveryCount());
        }
        return entries.stream().map(entry -> new Delivery(entry, consumer, counts.getOrDefault(entry.getId(), 1L))).toList();
    }
}
