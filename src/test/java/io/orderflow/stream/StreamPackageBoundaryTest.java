package io.orderflow.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The component knows Redis, never orders: its main code imports none of Orderflow's other capabilities. */
class StreamPackageBoundaryTest {

    private static final List<String> FORBIDDEN = List.of("io.orderflow.orders", "io.orderflow.inventory",
            "io.orderflow.outbox", "io.orderflow.events", "io.orderflow.runtime");

    @Test
    void theStreamPackageImportsNothingOfOrderflowsOtherCapabilities() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/io/orderflow/stream"))) {
            List<Path> files = sources.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(files).hasSizeGreaterThan(10);
            for (Path file : files) {
                String source = Files.readString(file);
                for (String forbidden : FORBIDDEN) {
                    assertThat(source).as(file + " must not use " + forbidden).doesNotContain(forbidden + ".");
                }
            }
        }
    }
}
