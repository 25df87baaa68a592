package io.orderflow.faults;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.IdentityHashMap;
import java.util.Map;

import io.orderflow.support.JarProcess;

/**
 * Counters of Orderflow's own metrics summed over processes that come and go: each process's last scraped value is
 * kept (a killed process is scraped just before it dies), so a scenario's figure is the sum of what every process
 * counted during it. What a process counted between its last scrape and a kill -9 is lost, as it is for Prometheus.
 */
final class ProcessCounters {

    static final String INBOX_DUPLICATES = "orderflow_inbox_duplicates_total";
    static final String RECLAIMED = "orderflow_stream_reclaimed_total";
    static final String REDELIVERIES = "orderflow_stream_redeliveries_total";

    private final Map<JarProcess, Map<String, Double>> last = new IdentityHashMap<>();
    private Map<JarProcess, Map<String, Double>> marked = new IdentityHashMap<>();

    synchronized void scrape(JarProcess process) {
        try {
            HttpResponse<String> response = process.get("/observe/metrics");
            if (response.statusCode() == 200) {
                last.put(process, Map.of(
                        INBOX_DUPLICATES, sum(response.body(), INBOX_DUPLICATES),
                        RECLAIMED, sum(response.body(), RECLAIMED),
                        REDELIVERIES, sum(response.body(), REDELIVERIES)));
            }
        } catch (UncheckedIOException e) {
            // not answering (starting, or going): its last scrape stands
        }
    }

    /** Starts a new count. */
    synchronized void mark() {
        marked = new IdentityHashMap<>(last);
    }

    /** The sum, over every process seen, of its growth since {@link #mark()}. */
    synchronized long since(String counter) {
        double total = 0;
        for (Map.Entry<JarProcess, Map<String, Double>> process : last.entrySet()) {
            double now = process.getValue().getOrDefault(counter, 0.0);
            double before = marked.getOrDefault(process.getKey(), Map.of()).getOrDefault(counter, 0.0);
            total += now - before;
        }
        return Math.round(total);
    }

    /** The sum of every sample of {@code metric} (all label sets) in a Prometheus text exposition. */
    static double sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                String[] parts = line.trim().split(" ");
                total += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return total;
    }
}
