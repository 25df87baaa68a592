package io.orderflow.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Operations on dead-letter streams ({@code <stream>:<group>:dlq}): list, show, replay and delete. Replaying puts
 * the original entry on the group's replay stream {@code <stream>:<group>:replay}, which only that group reads
 * (its consumers do when {@code replay} is on), and removes the dead letter, in one atomic step.
 */
public final class DeadLetters {

    public static final String SUFFIX = ":dlq";
    private static final int MAX_SCANNED_PER_PAGE = 10_000;

    // KEYS[1] dead-letter stream, KEYS[2] its index, KEYS[3] replay stream; ARGV[1] dead-letter entry id
    private static final String REPLAY = """
            local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #found == 0 then return false end
            local fields = found[1][2]
            local out = {}
            local original, originalId
            for i = 1, #fields, 2 do
              local name, value = fields[i], fields[i + 1]
              if name == 'payload' or name == 'event_type' or name == 'event_id' or name == 'traceparent' then
                out[#out + 1] = name
                out[#out + 1] = value
              elseif name == 'original_stream' then original = value
              elseif name == 'original_id' then originalId = value
              end
            end
            out[#out + 1] = 'replayed_from'
            out[#out + 1] = KEYS[1] .. '/' .. ARGV[1]
            local id = redis.call('XADD', KEYS[3], '*', unpack(out))
            redis.call('XDEL', KEYS[1], ARGV[1])
            if original and originalId then redis.call('HDEL', KEYS[2], original .. ':' .. originalId) end
            return id
            """;
    // KEYS[1] dead-letter stream, KEYS[2] its index; ARGV[1] dead-letter entry id
    private static final String DELETE = """
            local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #found == 0 then return 0 end
            local fields = found[1][2]
            local original, originalId
            for i = 1, #fields, 2 do
              if fields[i] == 'original_stream' then original = fields[i + 1] end
              if fields[i] == 'original_id' then originalId = fields[i + 1] end
            end
            if original and originalId then redis.call('HDEL', KEYS[2], original .. ':' .. originalId) end
            return redis.call('XDEL', KEYS[1], ARGV[1])
            """;

    private final RedisStreamsComponent component;

    public DeadLetters(RedisStreamsComponent component) {
        this.component = component;
    }

    /** A dead-letter entry: its id and fields (UTF-8 text). */
    public record Entry(String id, Map<String, String> fields) {
    }

    /** A page of entries; {@code next} is the id to continue after, empty at the end. */
    public record Page(List<Entry> entries, Optional<String> next) {
    }

    public static boolean isDeadLetterStream(String name) {
        return name != null && name.endsWith(SUFFIX) && name.length() > SUFFIX.length();
    }

    /** The group's replay stream for a dead-letter stream {@code <stream>:<group>:dlq}. */
    public static String replayStreamOf(String deadLetterStream) {
        return deadLetterStream.substring(0, deadLetterStream.length() - SUFFIX.length()) + ":replay";
    }

    /** Every dead-letter stream with its length, found with SCAN (never KEYS). */
    public Map<String, Long> streams() {
        RedisCommands<String, byte[]> redis = redis();
        Map<String, Long> lengths = new LinkedHashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var scan = redis.scan(cursor, ScanArgs.Builder.matches("*" + SUFFIX).limit(1000));
            for (String key : scan.getKeys()) {
                if ("stream".equals(redis.type(key))) {
                    lengths.put(key, redis.xlen(key));
                }
            }
            cursor = scan;
        } while (!cursor.isFinished());
        return lengths;
    }

    /**
     * Entries oldest first, after {@code after} (exclusive; null from the start), at most {@code count}, only those
     * whose {@code error_class} equals {@code errorClass} when it is given.
     */
    public Page list(String deadLetterStream, String after, int count, String errorClass) {
        RedisCommands<String, byte[]> redis = redis();
        List<Entry> page = new ArrayList<>();
        String cursor = after;
        int scanned = 0;
        while (page.size() < count && scanned < MAX_SCANNED_PER_PAGE) {
            Range<String> range = Range.create(cursor == null ? "-" : "(" + cursor, "+");
            List<StreamMessage<String, byte[]>> batch = redis.xrange(deadLetterStream, range,
                    Limit.from(Math.max(count, 100)));
            if (batch.isEmpty()) {
                return new Page(page, Optional.empty());
            }
            for (StreamMessage<String, byte[]> message : batch) {
                scanned++;
                cursor = message.getId();
                Entry entry = entry(message);
                if (errorClass == null || errorClass.equals(entry.fields().get("error_class"))) {
                    page.add(entry);
                    if (page.size() == count) {
                        break;
                    }
                }
            }
        }
        return new Page(page, Optional.ofNullable(cursor));
    }

    public Optional<Entry> get(String deadLetterStream, String id) {
        List<StreamMessage<String, byte[]>> found = redis().xrange(deadLetterStream, Range.create(id, id));
        return found.isEmpty() ? Optional.empty() : Optional.of(entry(found.get(0)));
    }

    /** Re-delivers one dead letter to its group only; the id of the replay entry, empty when there is no such letter. */
    public Optional<String> replay(String deadLetterStream, String id) {
        byte[] replayed = redis().eval(REPLAY, ScriptOutputType.VALUE,
                new String[] {deadLetterStream, DeadLetterWriter.indexKey(deadLetterStream), replayStreamOf(deadLetterStream)},
                id.getBytes(StandardCharsets.UTF_8));
        return Optional.ofNullable(replayed).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Re-delivers every dead letter (of one error class, when given); returns how many. */
    public int replayAll(String deadLetterStream, String errorClass) {
        int replayed = 0;
        Page page = list(deadLetterStream, null, 500, errorClass);
        while (!page.entries().isEmpty()) {
            for (Entry entry : page.entries()) {
                if (replay(deadLetterStream, entry.id()).isPresent()) {
                    replayed++;
                }
            }
            if (page.next().isEmpty()) {
                break;
            }
            page = list(deadLetterStream, page.next().get(), 500, errorClass);
        }
        return replayed;
    }

    /** Deletes one dead letter; false when there is no such letter. */
    public boolean delete(String deadLetterStream, String id) {
        Long deleted = redis().eval(DELETE, ScriptOutputType.INTEGER,
                new String[] {deadLetterStream, DeadLetterWriter.indexKey(deadLetterStream)}, id.getBytes(StandardCharsets.UTF_8));
        return deleted != null && deleted > 0;
    }

    private static Entry entry(StreamMessage<String, byte[]> message) {
        Map<String, String> fields = new LinkedHashMap<>();
        message.getBody().forEach((name, value) -> fields.put(name, value == null ? null : new String(value, StandardCharsets.UTF_8)));
        return new Entry(message.getId(), fields);
    }

    private RedisCommands<String, byte[]> redis() {
        return component.adminLink().sync();
    }
}
