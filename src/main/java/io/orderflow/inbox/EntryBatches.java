package io.orderflow.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.orderflow.events.UnprocessableEventException;
import io.orderflow.runtime.TransientFailures;
import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a batch consumer takes one read of a stream: the entries it can read go through one transaction; the others,
 * and all of them when that transaction fails, go one by one through the consumer's single-event route, with its
 * retries and dead-lettering. The stream consumer then acknowledges every entry whose exchange did not fail.
 * <p>
 * A batch's statements are planned for their actual values ({@code plan_cache_mode = force_custom_plan}, for that
 * transaction only): a plan PostgreSQL cached for a prepared statement while a table was small (a sequential scan
 * filtered by {@code id = ANY(...)}) is otherwise kept as the table grows, and took over a second per batch on 60,000
 * orders. Planning a handful of statements per batch costs well under a millisecond.
 */
public final class EntryBatches {

    /** An entry of the batch, read. */
    public interface Item {
        Exchange exchange();
    }

    /** Reads an entry: empty for event types the consumer skips; throws for entries that can never be processed. */
    @FunctionalInterface
    public interface Reader<I extends Item> {
        Optional<I> read(Exchange entry) throws UnprocessableEventException;
    }

    /** The work of the whole batch, inside the transaction; returns the items it left for one-by-one processing. */
    @FunctionalInterface
    public interface Work<I extends Item> {
        List<I> apply(List<I> items);
    }

    private static final String PLAN_FOR_VALUES = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final ProducerTemplate producer;
    private final String singleEventUri;
    private final Logger log;

    public EntryBatches(EntityManager entityManager, TransactionTemplate transaction, ProducerTemplate producer,
                        String singleEventUri, Logger log) {
        this.entityManager = entityManager;
        this.transaction = transaction;
        this.producer = producer;
        this.singleEventUri = singleEventUri;
        this.log = log;
    }

    public <I extends Item> void process(List<Exchange> entries, Reader<I> reader, Work<I> work) {
        List<Exchange> oneByOne = new ArrayList<>();
        List<I> items = new ArrayList<>();
        for (Exchange entry : entries) {
            try {
                reader.read(entry).ifPresent(items::add);
            } catch (UnprocessableEventException e) {
                oneByOne.add(entry);
            }
        }
        if (!items.isEmpty()) {
            try {
                transaction.execute(status -> {
                    entityManager.createNativeQuery(PLAN_FOR_VALUES).getSingleResult();
                    return work.apply(items);
                }).forEach(item -> oneByOne.add(item.exchange()));
            } catch (RuntimeException e) {
                if (TransientFailures.isDatabaseUnavailable(e)) {
                    log.debug("Batch of {} entries failed ({}); processing them one by one", items.size(), e.toString());
                } else {
                    log.warn("Batch of {} entries failed, processing them one by one: {}", items.size(), e.toString());
                }
                items.forEach(item -> oneByOne.add(item.exchange()));
            }
        }
        oneByOne.forEach(entry -> producer.send(singleEventUri, entry));
    }
}
