package io.orderflow.observability;

/** A consumer group of a stream, as metrics label it. */
record StreamGroup(String stream, String group) {

    /** The group's dead-letter stream (CONTRACT.md). */
    String deadLetterStream() {
        return stream + ":" + group + ":dlq";
    }
}
