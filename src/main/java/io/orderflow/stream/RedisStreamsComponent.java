package io.orderflow.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.ObjectHelper;

/**
 * The {@code redis-streams} component: appends to Redis streams and consumes them through consumer groups with
 * at-least-once delivery (see the package's README).
 */
@Component("redis-streams")
public class RedisStreamsComponent extends HealthCheckComponent {

    // Reconnect soon after Redis is back (Lettuce's default backs off to 30 s), without hammering it while down.
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS);

    /** The options every endpoint starts from (set them as {@code configuration.<option>}); URI options override them. */
    @Metadata(label = "advanced")
    private RedisStreamsConfiguration configuration = new RedisStreamsConfiguration();

    /** The clock that stamps {@code failed_at} on dead-letter entries. */
    @Metadata(label = "advanced")
    private Clock clock = Clock.systemUTC();

    private final Map<String, RedisConnector> connectors = new ConcurrentHashMap<>();
    private final Set<RedisStreamsEndpoint> consumed = ConcurrentHashMap.newKeySet();
    private ClientResources resources;
    private RedisLink admin;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RedisStreamsConfiguration config = configuration.copy();
        config.setStream(remaining);
        RedisStreamsEndpoint endpoint = new RedisStreamsEndpoint(uri, this, config);
        // no generated configurer: bind the endpoint's options onto its configuration by reflection, the rest
        // (bridgeErrorHandler, exchangePattern, ...) is left for the endpoint itself
        setProperties(config, parameters);
        return endpoint;
    }

    /** Statistics of every consumer this component has run, for monitoring. */
    public List<RedisStreamsConsumerStatistics> consumerStatistics() {
        List<RedisStreamsConsumerStatistics> all = new ArrayList<>();
        consumed.forEach(endpoint -> all.add(endpoint.statistics()));
        return all;
    }

    /** The consumer groups of {@code stream} (XINFO GROUPS: pending entries, lag on Redis 7), on the component's Redis. */
    public List<RedisStreamsGroupInfo> groupInfo(String stream) {
        return RedisStreamsGroupInfo.parse(adminLink().sync().xinfoGroups(stream));
    }

    /** The connector of one Redis; connections of all endpoints with the same URI share its client. */
    RedisConnector connector(String uri) {
        if (ObjectHelper.isEmpty(uri)) {
            throw new IllegalArgumentException("No Redis URI: set camel.component.redis-streams.uri or the uri option");
        }
        return connectors.computeIfAbsent(uri, u -> new RedisConnector(u, resources()));
    }

    void consumerStarted(RedisStreamsEndpoint endpoint) {
        consumed.add(endpoint);
    }

    synchronized RedisLink adminLink() {
        if (admin == null) {
            admin = new RedisLink(connector(configuration.getUri()), Duration.ofMillis(configuration.getCommandTimeout()));
        }
        return admin;
    }

    private synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        }
        return resources;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
        connectors.values().forEach(RedisConnector::close);
        connectors.clear();
        synchronized (this) {
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get();
                resources = null;
            }
        }
        super.doStop();
    }

    /** The Redis URI of every endpoint that does not set its own (secret: keep it out of logs). */
    public String getUri() {
        return configuration.getUri();
    }

    public void setUri(String uri) {
        configuration.setUri(uri);
    }

    public RedisStreamsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(RedisStreamsConfiguration configuration) {
        this.configuration = configuration;
    }

    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
