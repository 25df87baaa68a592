package io.orderflow.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;

/**
 * Acknowledges the entries of one exchange when Camel completes it: on success, and also when the route's error
 * handler handled the failure (e.g. a dead-letter channel wrote the dead letter). An exchange that failed unhandled
 * leaves its entries pending for redelivery. In batching mode the exchange's body is the list of per-entry
 * exchanges, and a per-entry exchange that carries an exception (or is marked rollback-only) counts as failed.
 */
final class EntryCompletion implements Synchronization {

    private final List<String> ids;
    private final List<Exchange> perEntry;
    private final StreamReader reader;
    private final DeliveryHandler handler;
    private final AtomicBoolean done = new AtomicBoolean();

    /** {@code perEntry} is empty for a single-entry exchange, else one exchange per id in the same order. */
    EntryCompletion(List<String> ids, List<Exchange> perEntry, StreamReader reader, DeliveryHandler handler) {
        this.ids = ids;
        this.perEntry = perEntry;
        this.reader = reader;
        this.handler = handler;
    }

    @Override
    public void onComplete(Exchange exchange) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        List<String> succeeded = new ArrayList<>(ids.size());
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            boolean entryFailed = !perEntry.isEmpty()
                    && (perEntry.get(i).getException() != null || perEntry.get(i).isRollbackOnly());
            (entryFailed ? failed : succeeded).add(ids.get(i));
        }
        if (!succeeded.isEmpty()) {
            handler.completed(succeeded);
        }
        if (!failed.isEmpty()) {
            handler.failed(failed, reader);
        }
    }

    @Override
    public void onFailure(Exchange exchange) {
        if (done.compareAndSet(false, true)) {
            handler.failed(ids, reader);
        }
    }
}
