package io.orderflow.stream;

import org.apache.camel.spi.Metadata;

/**
 * Names of the headers and exchange properties the redis-streams component reads and writes.
 */
public final class RedisStreamsConstants {

    @Metadata(label = "consumer,producer", javaType = "String",
              description = "The id of the stream entry: set by the consumer, returned by the producer after XADD.")
    public static final String ENTRY_ID = "CamelRedisStreamsEntryId";

    @Metadata(label = "producer", javaType = "java.util.List<String>",
              description = "The ids of the entries a batch (List body) appended, in element order; null for an element that failed.")
    public static final String ENTRY_IDS = "CamelRedisStreamsEntryIds";

    @Metadata(label = "producer", javaType = "String",
              description = "The id of the dead-letter entry written (or found already written) by mode=deadLetter.")
    public static final String DEAD_LETTER_ID = "CamelRedisStreamsDeadLetterId";

    /** The dead-letter stream of the consuming group ({@code <stream>:<group>:dlq}, also for entries read from its replay stream). */
    @Metadata(label = "consumer", javaType = "String",
              description = "The dead-letter stream of the consuming group, also for entries read from its replay stream.")
    public static final String DEAD_LETTER_STREAM = "CamelRedisStreamsDeadLetterStream";

    @Metadata(label = "consumer", javaType = "String", description = "The stream the entry was read from.")
    public static final String STREAM = "CamelRedisStreamsStream";

    @Metadata(label = "consumer", javaType = "String", description = "The consumer group that read the entry.")
    public static final String GROUP = "CamelRedisStreamsGroup";

    @Metadata(label = "consumer", javaType = "String", description = "The consumer (name within the group) the entry is delivered to.")
    public static final String CONSUMER = "CamelRedisStreamsConsumer";

    @Metadata(label = "consumer", javaType = "Long",
              description = "How many times Redis has delivered the entry to the group, this delivery included (XPENDING).")
    public static final String DELIVERY_COUNT = "CamelRedisStreamsDeliveryCount";

    /**
     * Exchange property with the number of in-process redeliveries of the current delivery, copied from
     * {@code CamelRedeliveryCounter} by {@link RedisStreamsRedeliveryCounter}; the dead-letter mode adds it to the
     * delivery count to report {@code attempts}.
     */
    public static final String REDELIVERIES = "CamelRedisStreamsRedeliveries";

    /** The entry field that carries the message body. */
    public static final String PAYLOAD_FIELD = "payload";

    private RedisStreamsConstants() {
    }
}
