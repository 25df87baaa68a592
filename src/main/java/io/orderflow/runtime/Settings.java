package io.orderflow.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.TimeUtils;

/**
 * Reads {@code orderflow.*} settings through Camel's properties component, so a value comes from the
 * {@code ORDERFLOW_*} environment variable, else {@code ./application.properties}, else the packaged file.
 * A secret may instead be read from a mounted file named by {@code <VARIABLE>_FILE} (Docker/Kubernetes secrets).
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** The value of {@code key}, or empty when it is unset or blank. */
    public Optional<String> get(String key) {
        Optional<String> value = properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
        return value.isPresent() ? value : fromFile(key);
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException(
                "Missing setting " + key + " (environment variable " + IOHelper.normalizeEnvironmentVariable(key) + ")"));
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(Integer::parseInt).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(Long::parseLong).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    /** A duration in Camel's notation: {@code 500} (ms), {@code 2s}, {@code 5m}, {@code 24h}. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> Duration.ofMillis(TimeUtils.toMilliSeconds(v))).orElse(defaultValue);
    }

    private Optional<String> fromFile(String key) {
        String variable = IOHelper.normalizeEnvironmentVariable(key) + "_FILE";
        Optional<String> file = Optional.ofNullable(System.getenv(variable))
                .or(() -> properties.resolveProperty(key + "-file"))
                .map(String::trim).filter(v -> !v.isEmpty());
        return file.map(Settings::readSecret);
    }

    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read secret file " + file, e);
        }
    }
}
