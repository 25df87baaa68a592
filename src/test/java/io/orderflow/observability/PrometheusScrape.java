package io.orderflow.observability;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderflow.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scrape of {@code /observe/metrics}, parsed: each sample by its name and labels.
 */
record PrometheusScrape(String text, Map<String, Double> samples) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PrometheusScrape take() {
        HttpResponse<String> response = Http.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return parse(response.body());
    }

    static PrometheusScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new IllegalArgumentException("Not a sample: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
        }
        return new PrometheusScrape(text, samples);
    }

    /** The sample of {@code name} whose labels include {@code labels} (pairs); the sum if several match. */
    double value(String name, String... labels) {
        Double sum = null;
        for (Map.Entry<String, Double> entry : samples.entrySet()) {
            if (matches(entry.getKey(), name, labels)) {
                sum = (sum == null ? 0 : sum) + entry.getValue();
            }
        }
        if (sum == null) {
            throw new AssertionError("No sample " + name + " " + String.join(",", labels) + " in\n" + text);
        }
        return sum;
    }

    /** Like {@link #value}, 0 when there is no such sample (yet). */
    double valueOrZero(String name, String... labels) {
        return has(name, labels) ? value(name, labels) : 0;
    }

    boolean has(String name, String... labels) {
        return samples.keySet().stream().anyMatch(key -> matches(key, name, labels));
    }

    private static boolean matches(String key, String name, String... labels) {
        if (!key.equals(name) && !key.startsWith(name + "{")) {
            return false;
        }
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!key.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        return key.append('}').toString();
    }
}
