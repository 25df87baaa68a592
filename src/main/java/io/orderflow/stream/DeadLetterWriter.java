package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Writes dead-letter entries at most once per original entry. A Lua script checks and records the original in the
 * hash {@code <dead-letter stream>:index} (original -> dead-letter entry id) and appends in the same atomic step, so
 * a retry after a lost reply, or a second consumer giving up on the same entry, does not add a second dead letter.
 */
final class DeadLetterWriter {

    /** Outcome of one write: the dead-letter entry's id and whether this call appended it. */
    record Written(String id, boolean appended) {
    }

    // KEYS[1] dead-letter stream, KEYS[2] its index; ARGV[1] deduplication key ('' = none), ARGV[2..] fields and values
    private static final String APPEND_ONCE = """
            if ARGV[1] ~= '' then
              local existing = redis.call('HGET', KEYS[2], ARGV[1])
              if existing then return {existing, 0} end
            end
            local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], id) end
            return {id, 1}
            """;

    private DeadLetterWriter() {
    }

    /** The index hash of a dead-letter stream (a second key: the script would need a hash tag on Redis Cluster). */
    static String indexKey(String deadLetterStream) {
        return deadLetterStream + ":index";
    }

    static Written write(RedisCommands<String, byte[]> redis, String deadLetterStream, DeadLetter letter) {
        List<byte[]> args = new ArrayList<>();
        args.add(letter.deduplicationKey().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> field : letter.fields().entrySet()) {
            args.add(field.getKey().getBytes(StandardCharsets.UTF_8));
            args.add(field.getValue());
        }
        List<Object> reply = redis.eval(APPEND_ONCE, ScriptOutputType.MULTI,
                new String[] { deadLetterStream, indexKey(deadLetterStream) }, args.toArray(new byte[0][]));
        String id = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        return new Written(id, ((Number) reply.get(1)).longValue() == 1);
    }
}
