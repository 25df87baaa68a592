package io.orderflow.runtime;

import java.time.Duration;

/**
 * Where PostgreSQL is and how the pool talks to it.
 *
 * @param connectionTimeout how long a request waits for a pooled connection before it is answered 503
 * @param timeouts          limits of each pooled connection's session
 */
public record DatabaseSettings(String url, String user, String password, int poolSize,
                               Duration connectionTimeout, String applicationName, DatabaseTimeouts timeouts) {

    @Override
    public String toString() {
        // never the password
        return "DatabaseSettings[url=" + Redaction.url(url) + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
