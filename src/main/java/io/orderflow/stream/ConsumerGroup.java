package io.orderflow.stream;

import java.nio.charset.StandardCharsets;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the consumer group when it is missing and removes this process's consumer names when they hold nothing.
 */
final class ConsumerGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    // Atomic check-then-delete: XGROUP DELCONSUMER drops the consumer's pending entries, which would lose them.
    private static final String DELETE_IF_NOTHING_PENDING = """
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
            if #pending == 0 then return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2]) end
            return -1
            """;

    private final String stream;
    private final String group;

    ConsumerGroup(String stream, String group) {
        this.stream = stream;
        this.group = group;
    }

    /** XGROUP CREATE ... MKSTREAM at {@code position} ({@code 0} or {@code $}); a group that exists is left as it is. */
    void create(RedisCommands<String, byte[]> redis, String position) {
        try {
            redis.xgroupCreate(StreamOffset.from(stream, position), group, XGroupCreateArgs.Builder.mkstream());
            LOG.info("Created consumer group {} on stream {} starting at {}", group, stream, position);
        } catch (RuntimeException e) {
            if (!RedisFailures.isBusyGroup(e)) {
                throw e;
            }
            LOG.debug("Consumer group {} on stream {} exists already", group, stream);
        }
    }

    /** Deletes {@code consumer} from the group if it has no pending entries; true if it was deleted. */
    boolean removeIfIdle(RedisCommands<String, byte[]> redis, String consumer) {
        Long result = redis.eval(DELETE_IF_NOTHING_PENDING, ScriptOutputType.INTEGER, new String[] { stream },
                group.getBytes(StandardCharsets.UTF_8), consumer.getBytes(StandardCharsets.UTF_8));
        return result != null && result >= 0;
    }
}
