package io.orderflow.stream;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisLoadingException;

/**
 * Tells apart the Redis errors the component reacts to: an unreachable server (retry with backoff, report down), a
 * missing consumer group (create it again) and an existing one (fine).
 */
final class RedisFailures {

    private RedisFailures() {
    }

    /** The exception Lettuce or a future wrapped. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** True unless the server answered with an error: then it is reachable (a LOADING server is not usable yet). */
    static boolean isConnectionProblem(Throwable error) {
        Throwable cause = unwrap(error);
        return !(cause instanceof RedisCommandExecutionException) || cause instanceof RedisLoadingException;
    }

    /** The stream or its group is gone (stream deleted, Redis restarted without persistence). */
    static boolean isNoGroup(Throwable error) {
        return serverErrorStartsWith(error, "NOGROUP");
    }

    static boolean isBusyGroup(Throwable error) {
        return serverErrorStartsWith(error, "BUSYGROUP");
    }

    /** A short description for log lines that must not carry a stack trace on every retry. */
    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static boolean serverErrorStartsWith(Throwable error, String prefix) {
        Throwable cause = unwrap(error);
        return cause instanceof RedisCommandExecutionException && cause.getMessage() != null
                && cause.getMessage().startsWith(prefix);
    }
}
