package io.orderflow.observability;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.apache.camel.support.AsyncProcessorConverterHelper;

/**
 * Puts the exchange's trace keys into the MDC around every processor, and gives the thread back what it had. The unit
 * of work does so before each step of the route, but a redelivery the error handler schedules on a thread of its own
 * (asyncDelayedRedelivery) calls the processor again without passing through the route: this wrapper is inside the
 * error handler, so it is called again too.
 */
final class TraceMdcInterceptStrategy implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        AsyncProcessor processor = AsyncProcessorConverterHelper.convert(target);
        return new AsyncProcessor() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Thread caller = Thread.currentThread();
                Map<String, String> before = TraceMdc.snapshot();
                TraceMdc.apply(LogContext.of(exchange));
                try {
                    return processor.process(exchange, doneSync -> {
                        if (Thread.currentThread() != caller) {
                            // the exchange carries on routing on this thread
                            TraceMdc.apply(LogContext.of(exchange));
                        }
                        callback.done(doneSync);
                    });
                } finally {
                    TraceMdc.restore(before);
                }
            }

            @Override
            public void process(Exchange exchange) throws Exception {
                Map<String, String> before = TraceMdc.snapshot();
                TraceMdc.apply(LogContext.of(exchange));
                try {
                    processor.process(exchange);
                } finally {
                    TraceMdc.restore(before);
                }
            }

            @Override
            public CompletableFuture<Exchange> processAsync(Exchange exchange) {
                AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(
                        exchange);
                process(exchange, callback);
                return callback.getFuture();
            }
        };
    }
}
