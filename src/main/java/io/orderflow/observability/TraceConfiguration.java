package io.orderflow.observability;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Trace propagation beans every service uses.
 */
public final class TraceConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("traceContext", new TraceContext());
    }
}
