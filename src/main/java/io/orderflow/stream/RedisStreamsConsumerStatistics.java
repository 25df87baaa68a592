package io.orderflow.stream;

import java.util.List;

/**
 * A snapshot of what the consumers of one stream endpoint did since it was created.
 *
 * @param stream       the stream consumed
 * @param group        the consumer group
 * @param consumers    the consumer names of the current (or last) run, one per reader thread
 * @param processed    entries whose exchange completed (successfully or handled by the error handler)
 * @param acked        entries acknowledged (XACK), including dead-lettered and trimmed ones
 * @param failed       entries whose exchange failed unhandled, left pending for redelivery
 * @param redelivered  entries processed with a delivery count above 1
 * @param reclaimed    entries claimed from other consumers after {@code reclaimMinIdle}
 * @param deadLettered entries handed to the dead-letter stream for exceeding {@code maxDeliveries}
 * @param trimmedAcked pending entries found deleted from the stream (trimmed), acknowledged without processing
 */
public record RedisStreamsConsumerStatistics(String stream, String group, List<String> consumers, long processed,
                                             long acked, long failed, long redelivered, long reclaimed,
                                             long deadLettered, long trimmedAcked) {
}
