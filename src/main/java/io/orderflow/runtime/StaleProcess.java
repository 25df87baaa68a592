package io.orderflow.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded server left running by a process that was killed (kill -9 leaves the child server
 * alive, still owning the data directory); found through the pid file the server wrote there.
 */
final class StaleProcess {

    private static final Logger LOG = LoggerFactory.getLogger(StaleProcess.class);

    private StaleProcess() {
    }

    static void stopIfRunning(Path pidFile, String expectedCommand, Duration timeout) {
        readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(expectedCommand)).orElse(false))
                .ifPresent(process -> stop(process, timeout));
    }

    private static void stop(ProcessHandle process, Duration timeout) {
        LOG.warn("Stopping a stale embedded {} (pid {}) left behind by an earlier run",
                process.info().command().orElse("server"), process.pid());
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
