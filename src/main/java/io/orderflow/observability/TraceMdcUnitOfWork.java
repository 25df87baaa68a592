package io.orderflow.observability;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;

/**
 * Camel's MDC unit of work plus Orderflow's keys ({@link LogContext}): they are put into the MDC from the exchange
 * before every step, on whichever thread runs it (so every line of the exchange has them, Camel's own included, also
 * after a thread hop), again while the exchange completes (its completion callbacks, e.g. the stream consumer's
 * acknowledgement, and event notifiers, e.g. the HTTP access line), and taken out after each step and when the exchange
 * is done, restoring what the thread had before (so nothing leaks to the next exchange of a pooled thread, nor to its
 * work between exchanges).
 */
final class TraceMdcUnitOfWork extends MDCUnitOfWork {

    private final Map<String, String> original;
    private final InflightRepository inflight;
    private final String pattern;
    private final boolean allowUseOriginalMessage;
    private final boolean useBreadcrumb;

    TraceMdcUnitOfWork(Exchange exchange, InflightRepository inflightRepository, String pattern,
                       boolean allowUseOriginalMessage, boolean useBreadcrumb) {
        // the thread's values are read before the super constructor puts the exchange's into the MDC
        this(TraceMdc.snapshot(), exchange, inflightRepository, pattern, allowUseOriginalMessage, useBreadcrumb);
    }

    private TraceMdcUnitOfWork(Map<String, String> original, Exchange exchange, InflightRepository inflightRepository,
                               String pattern, boolean allowUseOriginalMessage, boolean useBreadcrumb) {
        super(exchange, inflightRepository, pattern, allowUseOriginalMessage, useBreadcrumb);
        this.original = original;
        this.inflight = inflightRepository;
        this.pattern = pattern;
        this.allowUseOriginalMessage = allowUseOriginalMessage;
        this.useBreadcrumb = useBreadcrumb;
    }

    @Override
    protected void prepareMDC(Exchange exchange) {
        super.prepareMDC(exchange);
        TraceMdc.apply(LogContext.of(exchange));
    }

    @Override
    public void done(Exchange exchange) {
        // Camel clears the MDC after every step: the completion work of the exchange gets its keys back
        prepareMDC(exchange);
        super.done(exchange);
    }

    @Override
    public void clear() {
        super.clear();
        // null only while the super constructor runs, which never clears
        if (original != null) {
            TraceMdc.restore(original);
        }
    }

    @Override
    public UnitOfWork newInstance(Exchange exchange) {
        return new TraceMdcUnitOfWork(exchange, inflight, pattern, allowUseOriginalMessage, useBreadcrumb);
    }
}
