package io.orderflow.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to each delivered entry: skipped if this consumer already holds it, acknowledged if it was
 * trimmed away, dead-lettered if delivered more than {@code maxDeliveries} times, else routed, one exchange per entry
 * or one per read in batching mode. Runs on the reader's thread and returns when the exchanges completed.
 */
final class DeliveryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);

    private final RedisStreamsConsumer consumer;
    private final RedisStreamsConfiguration configuration;
    private final EntryMapping mapping;
    private final InFlightEntries inFlight;
    private final Acknowledger acknowledger;
    private final ConsumerCounters counters;
    private final RedisLink link;
    private final Clock clock;

    DeliveryHandler(RedisStreamsConsumer consumer, InFlightEntries inFlight, Acknowledger acknowledger, RedisLink link) {
        RedisStreamsEndpoint endpoint = consumer.getEndpoint();
        this.consumer = consumer;
        this.configuration = endpoint.getConfiguration();
        this.mapping = new EntryMapping(configuration);
        this.inFlight = inFlight;
        this.acknowledger = acknowledger;
        this.counters = endpoint.counters();
        this.link = link;
        this.clock = endpoint.getComponent().getClock();
    }

    void handle(List<Delivery> deliveries, StreamReader reader) {
        List<Delivery> accepted = new ArrayList<>(deliveries.size());
        List<String> trimmed = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (inFlight.holds(delivery.id())) {
                continue; // completed before and its XACK is on its way, or being processed by this process
            }
            inFlight.hold(delivery.id(), delivery.consumer());
            if (delivery.deleted()) {
                trimmed.add(delivery.id());
            } else if (configuration.getMaxDeliveries() > 0 && delivery.deliveryCount() > configuration.getMaxDeliveries()) {
                deadLetter(delivery, reader);
            } else {
                accepted.add(delivery);
            }
        }
        if (!trimmed.isEmpty()) {
            LOG.warn("{} pending entries of {} were deleted from the stream (trimmed?) before they were processed; "
                    + "acknowledging them: {}", trimmed.size(), configuration.getStream(), trimmed);
            counters.trimmedAcked(trimmed.size());
            acknowledger.ack(trimmed);
        }
        if (configuration.isBatching() && !accepted.isEmpty()) {
            routeBatch(accepted, reader);
        } else {
            accepted.forEach(delivery -> routeOne(delivery, reader));
        }
    }

    /** The exchange of {@code ids} completed (or its failure was handled): acknowledge them. */
    void completed(List<String> ids) {
        counters.processed(ids.size());
        acknowledger.ack(ids);
    }

    /** The exchange of {@code ids} failed unhandled: leave them pending and have the reader re-read them later. */
    void failed(List<String> ids, StreamReader reader) {
        counters.failed(ids.size());
        inFlight.release(ids);
        reader.scheduleRedelivery();
    }

    private void routeOne(Delivery delivery, StreamReader reader) {
        Exchange exchange = consumer.createExchange(false);
        mapping.populate(exchange.getMessage(), delivery);
        countRedelivery(delivery);
        route(exchange, new EntryCompletion(List.of(delivery.id()), List.of(), reader, this), delivery.id());
    }

    private void routeBatch(List<Delivery> deliveries, StreamReader reader) {
        List<String> ids = new ArrayList<>(deliveries.size());
        List<Exchange> perEntry = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            Exchange entry = consumer.createExchange(false);
            mapping.populate(entry.getMessage(), delivery);
            countRedelivery(delivery);
            ids.add(delivery.id());
            perEntry.add(entry);
        }
        Exchange batch = consumer.createExchange(false);
        batch.getMessage().setBody(perEntry);
        batch.getMessage().setHeader(RedisStreamsConstants.STREAM, configuration.getStream());
        batch.getMessage().setHeader(RedisStreamsConstants.GROUP, configuration.getGroup());
        batch.getMessage().setHeader(RedisStreamsConstants.CONSUMER, reader.name());
        route(batch, new EntryCompletion(ids, perEntry, reader, this), ids.size() + " entries");
    }

    private void countRedelivery(Delivery delivery) {
        if (delivery.deliveryCount() > 1) {
            counters.redelivered();
        }
    }

    private void route(Exchange exchange, EntryCompletion completion, String what) {
        exchange.getExchangeExtension().addOnCompletion(completion);
        try {
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
            // the unit of work may not have run: make sure the entries are not held forever
            completion.onFailure(exchange);
        } finally {
            if (exchange.getException() != null) {
                consumer.getExceptionHandler().handleException("Error processing " + what + " of stream "
                        + configuration.getStream() + " (left pending for redelivery)", exchange, exchange.getException());
            }
            consumer.releaseExchange(exchange, false);
        }
    }

    private void deadLetter(Delivery delivery, StreamReader reader) {
        DeadLetter letter = new DeadLetter(delivery.entry().getBody(), configuration.getStream(), delivery.id(),
                configuration.getGroup(), delivery.consumer(),
                new DeliveryLimitExceededException(delivery.id(), delivery.deliveryCount(), configuration.getMaxDeliveries()),
                delivery.deliveryCount() - 1, clock.instant());
        String deadLetterStream = configuration.resolveDeadLetterStream();
        try {
            // the dead letter first: acknowledging only after it is written means a failure cannot lose the entry
            DeadLetterWriter.Written written = DeadLetterWriter.write(link.sync(), deadLetterStream, letter);
            link.availability().reachable();
            counters.deadLettered();
            LOG.warn("Entry {} of {} was delivered {} times (maxDeliveries={}): moved to {} as {}", delivery.id(),
                    configuration.getStream(), delivery.deliveryCount(), configuration.getMaxDeliveries(),
                    deadLetterStream, written.id());
            acknowledger.ack(List.of(delivery.id()));
        } catch (RuntimeException e) {
            link.availability().failed(e);
            LOG.warn("Could not write entry {} of {} to dead-letter stream {}; it stays pending and is tried again: {}",
                    delivery.id(), configuration.getStream(), deadLetterStream, RedisFailures.describe(e));
            failed(List.of(delivery.id()), reader);
        }
    }
}
