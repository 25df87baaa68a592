package io.orderflow.http;

import java.time.Duration;

import io.orderflow.runtime.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * HTTP plumbing every process has (the API, health and metrics share one port): problem+json answers for
 * failed routes and for requests no route takes, 503 for requests that arrive while the process stops, and the
 * idle-connection timeout.
 */
public final class HttpConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getRegistry().bind("httpProblems", new HttpProblems());
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{camel.server.port:8080}}"));
        context.addStartupListener(new HttpPortCheck(port));
        context.addStartupListener(new HttpErrorPages(port));
        context.addStartupListener(new HttpDrain(port));
        context.addStartupListener(new HttpIdleTimeout(port,
                Settings.of(context).getDuration("orderflow.http.idle-timeout", Duration.ofSeconds(60))));
    }
}
