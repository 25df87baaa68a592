package io.orderflow.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a stream as one or more consumers of a group, at least once: an entry is acknowledged only after its
 * exchange completed (successfully, or handled by the error handler); see the package README for the protocol.
 */
public class RedisStreamsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);

    private final RedisStreamsConfiguration configuration;
    private volatile List<StreamReader> readers = List.of();
    private ExecutorService readerThreads;
    private ScheduledExecutorService housekeeping;
    private InFlightEntries inFlight;
    private Acknowledger acknowledger;
    private List<String> names = List.of();
    private RedisStreamsConsumer replayConsumer;

    public RedisStreamsConsumer(RedisStreamsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        RedisStreamsEndpoint endpoint = getEndpoint();
        ExecutorServiceManager threads = endpoint.getCamelContext().getExecutorServiceManager();
        names = ConsumerNames.of(configuration.getConsumerName(), configuration.getConcurrentConsumers());
        RedisLink link = endpoint.link();
        inFlight = new InFlightEntries();
        housekeeping = threads.newSingleThreadScheduledExecutor(this, "RedisStreamsKeepAlive[" + configuration.getStream() + "]");
        acknowledger = new Acknowledger(link, configuration.getStream(), configuration.getGroup(), inFlight,
                endpoint.counters(), housekeeping);
        long keepAliveEvery = KeepAlive.period(configuration);
        housekeeping.scheduleWithFixedDelay(new KeepAlive(link, configuration, inFlight), keepAliveEvery, keepAliveEvery,
                TimeUnit.MILLISECONDS);
        Reclaimer reclaimer = new Reclaimer(configuration, inFlight, endpoint.counters());
        DeliveryHandler handler = new DeliveryHandler(this, inFlight, acknowledger, link);
        // dedicated connections: a blocking read holds its connection for up to `block`, so its timeout is longer
        Duration readTimeout = Duration.ofMillis(configuration.getBlock() + configuration.getCommandTimeout());
        List<StreamReader> started = new ArrayList<>();
        for (String name : names) {
            started.add(new StreamReader(name, new RedisLink(endpoint.connector(), readTimeout), configuration, reclaimer, handler));
        }
        readers = List.copyOf(started);
        readerThreads = threads.newFixedThreadPool(this, "RedisStreams[" + configuration.getStream() + "]", names.size());
        readers.forEach(readerThreads::execute);
        setHealthCheck(new RedisStreamsHealthCheck(this));
        endpoint.consumerStarted(names);
        LOG.info("Consuming stream {} in group {} as {}", configuration.getStream(), configuration.getGroup(), names);
        if (configuration.isReplay()) {
            replayConsumer = startReplayConsumer();
        }
    }

    /**
     * The same group, names and route on the group's replay stream: dead letters put back there by an operator are
     * processed like any entry, and fail into the same dead-letter stream.
     */
    private RedisStreamsConsumer startReplayConsumer() throws Exception {
        RedisStreamsConfiguration replayConfiguration = configuration.copy();
        replayConfiguration.setStream(configuration.resolveReplayStream());
        replayConfiguration.setDeadLetterStream(configuration.resolveDeadLetterStream());
        replayConfiguration.setReplay(false);
        replayConfiguration.setConcurrentConsumers(1);
        RedisStreamsEndpoint replayEndpoint = new RedisStreamsEndpoint(
                "redis-streams:" + replayConfiguration.getStream(), getEndpoint().getComponent(), replayConfiguration);
        replayEndpoint.setCamelContext(getEndpoint().getCamelContext());
        RedisStreamsConsumer consumer = new RedisStreamsConsumer(replayEndpoint, getProcessor());
        consumer.setExceptionHandler(getExceptionHandler());
        consumer.setRouteId(getRouteId());
        ServiceHelper.startService(replayEndpoint, consumer);
        return consumer;
    }

    @Override
    protected void doStop() throws Exception {
        // stop reading; each reader finishes the entries it has read, whose exchanges complete and queue their XACKs
        stopReading();
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (readerThreads != null) {
            threads.shutdownGraceful(readerThreads, stopTimeoutMillis());
            readerThreads = null;
        }
        // only now: the replay consumer shares the route's processor and, like any Camel consumer, stops it when it
        // stops; stopped first, it left our entries in hand to an error handler that refuses work (left pending)
        if (replayConsumer != null) {
            ServiceHelper.stopService(replayConsumer, replayConsumer.getEndpoint());
            replayConsumer = null;
        }
        if (acknowledger != null && !acknowledger.flush(Duration.ofMillis(configuration.getCommandTimeout()))) {
            LOG.warn("{} acknowledgements for stream {} could not be sent before stopping; those entries will be "
                    + "delivered again", acknowledger.queuedCount(), configuration.getStream());
        }
        if (housekeeping != null) {
            threads.shutdownNow(housekeeping);
            housekeeping = null;
        }
        removeIdleConsumerNames();
        super.doStop();
    }

    /** Tells every reader, the replay consumer's too, to stop after its current read (a blocking read ends within block). */
    private void stopReading() {
        readers.forEach(StreamReader::stop);
        RedisStreamsConsumer replay = replayConsumer;
        if (replay != null) {
            replay.stopReading();
        }
    }

    private long stopTimeoutMillis() {
        ShutdownStrategy shutdown = getEndpoint().getCamelContext().getShutdownStrategy();
        return shutdown.getTimeUnit().toMillis(shutdown.getTimeout());
    }

    /** Keeps XINFO CONSUMERS from filling up with the names of past processes; a name with pending entries stays. */
    private void removeIdleConsumerNames() {
        ConsumerGroup group = new ConsumerGroup(configuration.getStream(), configuration.getGroup());
        for (String name : names) {
            try {
                group.removeIfIdle(getEndpoint().link().sync(), name);
            } catch (RuntimeException e) {
                LOG.debug("Consumer name {} not removed from group {}: {}", name, configuration.getGroup(),
                        RedisFailures.describe(e));
            }
        }
    }

    List<StreamReader> readers() {
        return readers;
    }

    int inFlightCount() {
        InFlightEntries current = inFlight;
        return current == null ? 0 : current.size();
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }
}
