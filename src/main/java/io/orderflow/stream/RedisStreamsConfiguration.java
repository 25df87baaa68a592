package io.orderflow.stream;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Every option of a redis-streams endpoint; the component holds one as the template for its endpoints.
 */
@UriParams
public class RedisStreamsConfiguration implements Cloneable {

    /** The stream key; it may contain colons, e.g. {@code order-stream:inventory-service:dlq}. */
    @UriPath(label = "common") @Metadata(required = true)
    private String stream;

    /** The Redis to talk to: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS. */
    @UriParam(label = "common,security", secret = true)
    private String uri;

    /** How long a non-blocking Redis command may take before it fails, in milliseconds (blocking reads add {@code block}). */
    @UriParam(label = "advanced", defaultValue = "10000")
    private long commandTimeout = 10000;

    /** The consumer group; required to consume, and created with MKSTREAM when missing. */
    @UriParam(label = "consumer")
    private String group;

    /** This process's consumer name in the group (unique per process); empty means host name + pid, suffixed {@code -1..n} with concurrency. */
    @UriParam(label = "consumer")
    private String consumerName;

    /** Where a group created by this consumer starts: {@code 0} (the stream's whole history) or {@code $} (only new entries). */
    @UriParam(label = "consumer", defaultValue = "0", enums = "0,$")
    private String startPosition = "0";

    /** The most entries one XREADGROUP (or one reclaim) returns, and the size of a batch in batching mode. */
    @UriParam(label = "consumer", defaultValue = "100")
    private int count = 100;

    /** How long one XREADGROUP waits for new entries, in milliseconds (also bounds how long a stop waits for a read). */
    @UriParam(label = "consumer", defaultValue = "2000")
    private long block = 2000;

    /** Reader threads, each with its own connection and consumer name; entries are then processed out of stream order. */
    @UriParam(label = "consumer", defaultValue = "1")
    private int concurrentConsumers = 1;

    /** Whether one exchange carries all entries of one read as a {@code List<Exchange>} body, acknowledged with one XACK. */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean batching;

    /** Whether the body is the {@code payload} field as {@code byte[]} instead of a UTF-8 String. */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean binaryPayload;

    /** How long, in milliseconds, an entry may sit unacknowledged with another consumer before this one claims it. */
    @UriParam(label = "consumer", defaultValue = "60000")
    private long reclaimMinIdle = 60000;

    /** How often, in milliseconds, the group's pending entries are scanned for ones to reclaim when the last scan found few. */
    @UriParam(label = "consumer", defaultValue = "30000")
    private long reclaimInterval = 30000;

    /** How long, in milliseconds, after a failed exchange this consumer re-reads its own pending entries to retry them. */
    @UriParam(label = "consumer", defaultValue = "1000")
    private long redeliveryDelay = 1000;

    /** An entry delivered more often than this goes to the dead-letter stream without being processed; 0 means no limit. */
    @UriParam(label = "consumer", defaultValue = "10")
    private int maxDeliveries = 10;

    /**
     * Whether the group also consumes its replay stream {@code <stream>:<group>:replay}, where dead letters are
     * re-delivered to this group only (other groups of the stream never see them again).
     */
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean replay = true;

    /** The dead-letter stream of this consumer's {@code maxDeliveries}; empty means {@code <stream>:<group>:dlq}. */
    @UriParam(label = "consumer")
    private String deadLetterStream;

    /** What the producer does: {@code append} (XADD the message) or {@code deadLetter} (write a dead-letter entry for the original). */
    @UriParam(label = "producer", defaultValue = "append", enums = "append,deadLetter")
    private String mode = "append";

    /** Comma-separated header names copied as entry fields when present, next to {@code payload}. */
    @UriParam(label = "producer", defaultValue = "event_type,event_id,aggregate_id,traceparent")
    private String fieldHeaders = "event_type,event_id,aggregate_id,traceparent";

    /** Trim the stream to about this many entries on each append (MAXLEN ~); 0 is off, and trimming can drop entries a group has not read yet. */
    @UriParam(label = "producer", defaultValue = "0")
    private long maxLen;

    /** Trim entries older than this id on each append (MINID ~); off when empty, and it can drop entries a group has not read yet. */
    @UriParam(label = "producer")
    private String minId;

    /** A copy for one endpoint, so its URI options do not change the component's defaults. */
    public RedisStreamsConfiguration copy() {
        try {
            return (RedisStreamsConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The dead-letter stream: {@link #getDeadLetterStream()} or the contract's {@code <stream>:<group>:dlq}. */
    public String resolveDeadLetterStream() {
        return deadLetterStream == null || deadLetterStream.isBlank() ? stream + ":" + group + ":dlq" : deadLetterStream;
    }

    /** Where dead letters of this group are re-delivered: {@code <stream>:<group>:replay}. */
    public String resolveReplayStream() {
        return stream + ":" + group + ":replay";
    }

    public boolean isReplay() { return replay; }
    public void setReplay(boolean replay) { this.replay = replay; }

    public String getStream() { return stream; }
    public void setStream(String stream) { this.stream = stream; }
    public String getUri() { return uri; }
    public void setUri(String uri) { this.uri = uri; }
    public long getCommandTimeout() { return commandTimeout; }
    public void setCommandTimeout(long commandTimeout) { this.commandTimeout = commandTimeout; }
    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
    public String getConsumerName() { return consumerName; }
    public void setConsumerName(String consumerName) { this.consumerName = consumerName; }
    public String getStartPosition() { return startPosition; }
    public void setStartPosition(String startPosition) { this.startPosition = startPosition; }
    public int getCount() { return count; }
    public void setCount(int count) { this.count = count; }
    public long getBlock() { return block; }
    public void setBlock(long block) { this.block = block; }
    public int getConcurrentConsumers() { return concurrentConsumers; }
    public void setConcurrentConsumers(int concurrentConsumers) { this.concurrentConsumers = concurrentConsumers; }
    public boolean isBatching() { return batching; }
    public void setBatching(boolean batching) { this.batching = batching; }
    public boolean isBinaryPayload() { return binaryPayload; }
    public void setBinaryPayload(boolean binaryPayload) { this.binaryPayload = binaryPayload; }
    public long getReclaimMinIdle() { return reclaimMinIdle; }
    public void setReclaimMinIdle(long reclaimMinIdle) { this.reclaimMinIdle = reclaimMinIdle; }
    public long getReclaimInterval() { return reclaimInterval; }
    public void setReclaimInterval(long reclaimInterval) { this.reclaimInterval = reclaimInterval; }
    public long getRedeliveryDelay() { return redeliveryDelay; }
    public void setRedeliveryDelay(long redeliveryDelay) { this.redeliveryDelay = redeliveryDelay; }
    public int getMaxDeliveries() { return maxDeliveries; }
    public void setMaxDeliveries(int maxDeliveries) { this.maxDeliveries = maxDeliveries; }
    public String getDeadLetterStream() { return deadLetterStream; }
    public void setDeadLetterStream(String deadLetterStream) { this.deadLetterStream = deadLetterStream; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getFieldHeaders() { return fieldHeaders; }
    public void setFieldHeaders(String fieldHeaders) { this.fieldHeaders = fieldHeaders; }
    public long getMaxLen() { return maxLen; }
    public void setMaxLen(long maxLen) { this.maxLen = maxLen; }
    public String getMinId() { return minId; }
    public void setMinId(String minId) { this.minId = minId; }
}
