package io.orderflow.http;

import io.orderflow.runtime.TransientFailures;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failed HTTP exchange with {@code application/problem+json}: the problem a component raised, 503
 * with {@code Retry-After} when the database cannot be reached, 500 (logged) for anything unexpected.
 */
public final class HttpProblems {

    private static final Logger LOG = LoggerFactory.getLogger(HttpProblems.class);
    static final String RETRY_AFTER_SECONDS = "5";

    /** Used by the {@code http-problems} route configuration. */
    public void respond(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = problemFor(failure);
        if (problem.status() == 503) {
            LOG.warn("Answered 503: {}", rootMessage(failure));
        } else if (problem.status() >= 500) {
            LOG.error("Answered {} for an unexpected failure", problem.status(), failure);
        }
        write(exchange.getMessage(), problem);
    }

    public static void write(Message message, Problem problem) {
        HttpResponses.reset(message, problem.status(), Problem.MEDIA_TYPE);
        if (problem.status() == 503) {
            message.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (problem.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer realm=\"orderflow-admin\"");
        }
        message.setBody(ApiJson.write(problem));
    }

    static Problem problemFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem.problem();
            }
        }
        if (TransientFailures.isDatabaseUnavailable(failure)) {
            return Problem.of(503, "service-unavailable", "Service Unavailable",
                    "The database cannot be reached; nothing was written. Retry later.");
        }
        return Problem.of(500, "internal-error", "Internal Server Error",
                "The request failed unexpectedly and nothing was written; the failure was logged.");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null ? "unknown" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
