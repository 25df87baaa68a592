package io.orderflow.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.orderflow.http.Problem;
import io.orderflow.http.ProblemException;

/**
 * Lets a request into {@code /admin} only with {@code Authorization: Bearer <ORDERFLOW_ADMIN_TOKEN>}, compared in
 * constant time. Without a configured token the admin routes are not started at all (404), never open.
 */
public final class AdminAccess {

    private static final String SCHEME = "Bearer ";
    private final byte[] token;

    public AdminAccess(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public void check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("Send Authorization: Bearer <admin token>");
        }
        byte[] presented = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw unauthorized("The admin token is not valid");
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail));
    }
}
