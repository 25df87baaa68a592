package io.orderflow.http;

/**
 * Ends a request with the given problem; thrown where the reason is known, answered by the http-problems
 * route configuration.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.status() + " " + problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
