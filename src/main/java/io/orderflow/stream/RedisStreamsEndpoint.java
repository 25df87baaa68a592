package io.orderflow.stream;

import java.time.Duration;
import java.util.List;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.ObjectHelper;

/**
 * Appends to or consumes one Redis stream: {@code redis-streams:order-stream?group=inventory-service}.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "redis-streams", title = "Redis Streams", syntax = "redis-streams:stream",
             category = { Category.MESSAGING }, headersClass = RedisStreamsConstants.class)
public class RedisStreamsEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    static final String APPEND = "append";
    static final String DEAD_LETTER = "deadLetter";

    @UriParam
    private final RedisStreamsConfiguration configuration;

    private final ConsumerCounters counters = new ConsumerCounters();
    private volatile List<String> consumerNames = List.of();
    private RedisLink link;

    public RedisStreamsEndpoint(String uri, RedisStreamsComponent component, RedisStreamsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        if (configuration.getMaxLen() > 0 && ObjectHelper.isNotEmpty(configuration.getMinId())) {
            throw new IllegalArgumentException("Set maxLen or minId, not both: " + getEndpointBaseUri());
        }
        if (DEAD_LETTER.equals(configuration.getMode())) {
            return new RedisStreamsDeadLetterProducer(this);
        }
        if (!APPEND.equals(configuration.getMode())) {
            throw new IllegalArgumentException("Unknown mode " + configuration.getMode() + " (append or deadLetter)");
        }
        return new RedisStreamsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (ObjectHelper.isEmpty(configuration.getGroup())) {
            throw new IllegalArgumentException("A redis-streams consumer needs the group option: " + getEndpointBaseUri());
        }
        requirePositive("count", configuration.getCount());
        // BLOCK 0 would wait forever and make the consumer unstoppable
        requirePositive("block", configuration.getBlock());
        requirePositive("concurrentConsumers", configuration.getConcurrentConsumers());
        requirePositive("reclaimMinIdle", configuration.getReclaimMinIdle());
        requirePositive("reclaimInterval", configuration.getReclaimInterval());
        RedisStreamsConsumer consumer = new RedisStreamsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("The " + option + " option must be positive, not " + value);
        }
    }

    /** The endpoint's shared connection for non-blocking commands (XADD, XACK, keep-alive, dead letters). */
    synchronized RedisLink link() {
        if (link == null) {
            link = new RedisLink(connector(), Duration.ofMillis(configuration.getCommandTimeout()));
        }
        return link;
    }

    RedisConnector connector() {
        return getComponent().connector(configuration.getUri());
    }

    void consumerStarted(List<String> names) {
        consumerNames = List.copyOf(names);
        getComponent().consumerStarted(this);
    }

    ConsumerCounters counters() {
        return counters;
    }

    RedisStreamsConsumerStatistics statistics() {
        return counters.snapshot(configuration.getStream(), configuration.getGroup(), consumerNames);
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (link != null) {
                link.close();
                link = null;
            }
        }
        super.doStop();
    }

    @Override
    public RedisStreamsComponent getComponent() {
        return (RedisStreamsComponent) super.getComponent();
    }

    public RedisStreamsConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getUri() == null ? null : connector().availability().target();
    }

    @Override
    public String getServiceProtocol() {
        return "redis";
    }
}
