package io.orderflow.stream;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumer names that are stable for a process and unique across processes: the configured name or host name + pid,
 * suffixed {@code -1..n} when several reader threads each need their own.
 */
final class ConsumerNames {

    private ConsumerNames() {
    }

    static List<String> of(String configured, int readers) {
        String base = configured == null || configured.isBlank() ? hostAndPid() : configured.trim();
        if (readers == 1) {
            return List.of(base);
        }
        List<String> names = new ArrayList<>(readers);
        for (int i = 1; i <= readers; i++) {
            names.add(base + "-" + i);
        }
        return names;
    }

    static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // no resolvable host name (e.g. a minimal container): the pid still tells processes on this host apart
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
