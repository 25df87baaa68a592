package io.orderflow.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

/**
 * Appends many entries in one pipelined round trip: all XADDs are written to the connection in one go (Lettuce's
 * dispatch of a command list, flushed once), then every reply is collected, so each element gets its own outcome.
 */
final class BatchAppend {

    /** The ids in element order (null where an XADD failed) and the errors by element index. */
    record Outcome(List<String> ids, Map<Integer, Throwable> failures) {
    }

    private BatchAppend() {
    }

    static Outcome append(StatefulRedisConnection<String, byte[]> connection, String stream, XAddArgs trimming,
                          List<Map<String, byte[]>> entries, long timeoutMillis) throws InterruptedException {
        List<AsyncCommand<String, byte[], String>> commands = new ArrayList<>(entries.size());
        for (Map<String, byte[]> fields : entries) {
            commands.add(xadd(stream, trimming, fields));
        }
        List<RedisCommand<String, byte[], ?>> batch = new ArrayList<>(commands);
        try {
            connection.dispatch(batch);
        } catch (RuntimeException e) {
            // rejected before anything was written (e.g. disconnected): every element failed
            commands.forEach(command -> command.completeExceptionally(e));
        }
        return collect(commands, timeoutMillis);
    }

    private static AsyncCommand<String, byte[], String> xadd(String stream, XAddArgs trimming, Map<String, byte[]> fields) {
        CommandArgs<String, byte[]> args = new CommandArgs<>(RedisConnector.CODEC).addKey(stream);
        trimming.build(args);
        fields.forEach((name, value) -> args.addKey(name).addValue(value));
        return new AsyncCommand<>(new Command<>(CommandType.XADD, new StatusOutput<>(RedisConnector.CODEC), args));
    }

    private static Outcome collect(List<AsyncCommand<String, byte[], String>> commands, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> ids = new ArrayList<>(commands.size());
        Map<Integer, Throwable> failures = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            AsyncCommand<String, byte[], String> command = commands.get(i);
            try {
                ids.add(command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                ids.add(null);
                failures.put(i, RedisFailures.unwrap(e));
            } catch (TimeoutException e) {
                command.cancel(false);
                ids.add(null);
                failures.put(i, e);
            }
        }
        return new Outcome(ids, failures);
    }
}
