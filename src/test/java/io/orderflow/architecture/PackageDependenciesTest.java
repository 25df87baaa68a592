package io.orderflow.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.orderflow.runtime.OrderflowService;
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

    /**
     * Database per service in spirit: a service's code, migrations and flows name only its own schema's tables.
     * (InventoryServiceTest shows the same at run time, as a database user without access to the other schema.)
     */
    @ParameterizedTest(name = "{0} never names a table of schema {1}")
    @CsvSource({"inventory, orders", "orders, inventory"})
    void serviceNeverNamesAnotherServicesTables(String service, String otherSchema) throws IOException {
        Pattern qualifiedName = Pattern.compile("(?i)\\b" + otherSchema + "\\.[a-z_]+\\b");
        List<Path> files = Stream.of(
                        sources(service),
                        files(Path.of("src/main/resources/db/migration", service), ""),
                        files(Path.of("routes"), ".camel.yaml").filter(f -> routeFileOf(service, f)))
                .flatMap(s -> s).toList();
        assertThat(files).isNotEmpty();

        List<String> offenders = files.stream()
                .flatMap(file -> lines(file).stream()
                        .filter(line -> qualifiedName.matcher(line).find())
                        .map(line -> file + ": " + line.trim()))
                .toList();

        assertThat(offenders).isEmpty();
    }

    private static boolean routeFileOf(String service, Path file) {
        return OrderflowService.parse(service).iterator().next().routeFiles()
                .contains(file.getFileName().toString());
    }

    private static Stream<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix)).toList().stream();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
