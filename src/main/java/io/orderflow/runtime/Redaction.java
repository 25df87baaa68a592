package io.orderflow.runtime;

import java.util.regex.Pattern;

/** Keeps credentials out of log lines: {@code redis://user:secret@host} becomes {@code redis://user:***@host}. */
public final class Redaction {

    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    private Redaction() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String redacted = USER_INFO_PASSWORD.matcher(url).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1***");
    }
}
