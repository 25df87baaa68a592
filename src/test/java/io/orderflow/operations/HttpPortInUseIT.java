package io.orderflow.operations;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.orderflow.support.JarProcess;
import io.orderflow.support.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that cannot bind its HTTP port exits with an error instead of running on without API and health
 * endpoints, so its supervisor (Docker, Kubernetes, systemd) sees the failure.
 */
@ExtendWith(RealServers.class)
class HttpPortInUseIT {

    @TempDir
    Path workDir;

    @Test
    void exitsWithAnErrorWhenTheHttpPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Map<String, String> env = new HashMap<>(JarProcess.onTestServers("inventory"));
            env.put("ORDERFLOW_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            try (JarProcess jar = JarProcess.start("port-taken", workDir, env)) {
                assertThat(jar.awaitExit(Duration.ofSeconds(90))).isNotZero();
                assertThat(jar.log()).contains("The HTTP server is not listening on port " + taken.getLocalPort());
            }
        }
    }
}
