package io.orderflow.observability;

/**
 * A consumer group of a stream, as metrics label it. A group also consumes its replay stream
 * {@code <stream>:<group>:replay} (dead letters an operator sent back): that is a stream of its own here.
 */
record StreamGroup(String stream, String group) {

    /** Whether this is the group's replay stream rather than the stream it consumes. */
    boolean isReplay() {
        return stream.endsWith(replaySuffix());
    }

    /** The group's dead-letter stream (CONTRACT.md), also where entries of its replay stream go. */
    String deadLetterStream() {
        String consumed = isReplay() ? stream.substring(0, stream.length() - replaySuffix().length()) : stream;
        return consumed + ":" + group + ":dlq";
    }

    private String replaySuffix() {
        return ":" + group + ":replay";
    }
}
