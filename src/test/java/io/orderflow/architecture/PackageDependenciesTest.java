package io.orderflow.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capability boundaries of STYLE.md, checked on the sources: the stream component knows Redis and never
 * orders, the wire format depends on nothing of ours, and the inventory never reads order tables.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java/io/orderflow");

    @ParameterizedTest(name = "{0} does not import {1}")
    @CsvSource({
            "stream, io.orderflow.orders",
            "stream, io.orderflow.inventory",
            "stream, io.orderflow.outbox",
            "stream, io.orderflow.events",
            "events, io.orderflow.",
            "inventory, io.orderflow.orders",
            "orders, io.orderflow.inventory",
            "outbox, io.orderflow.orders",
            "outbox, io.orderflow.inventory"})
    void capabilityDoesNotDependOn(String capability, String forbidden) throws IOException {
        List<String> offenders = sources(capability)
                .filter(file -> imports(file).anyMatch(i -> i.startsWith(forbidden) && !i.startsWith("io.orderflow." + capability + ".")))
                .map(Path::toString)
                .toList();

        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> sources(String capability) throws IOException {
        Path dir = MAIN.resolve(capability);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        }
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import "))
                    .map(line -> line.replace("import static ", "").replace("import ", "").replace(";", "").trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
