package io.orderflow.runtime;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the YAML routes of the services this process runs. Every route file is packaged in the jar
 * ({@code routes/} on the classpath); a file of the same name in the routes directory on disk
 * ({@code orderflow.routes.dir}, default {@code ./routes}) replaces the packaged one, and extra files there are
 * added, so an operator can change or add a flow without rebuilding. Files that belong to no service
 * (shared configuration, add-on consumers) load in every process.
 */
public final class RouteFiles implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    static final String PACKAGED_DIRECTORY = "routes/";
    static final String SUFFIX = ".camel.yaml";
    static final String CONFIGURATIONS = "route-configurations";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        ServiceSelection selection = context.getRegistry()
                .lookupByNameAndType(ServiceSelection.BEAN_NAME, ServiceSelection.class);
        Path overrides = Path.of(settings.get("orderflow.routes.dir", "routes"));
        List<Resource> resources = select(context, selection.services(), overrides);
        LOG.info("Loading routes: {}", resources.stream().map(Resource::getLocation).toList());
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    }

    static List<Resource> select(CamelContext context, Set<OrderflowService> services, Path overrides) throws Exception {
        TreeMap<String, Resource> byName = new TreeMap<>();
        for (String name : packagedNames()) {
            byName.put(name, ResourceHelper.resolveResource(context, "classpath:" + PACKAGED_DIRECTORY + name));
        }
        if (Files.isDirectory(overrides)) {
            try (Stream<Path> files = Files.list(overrides)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                    byName.put(file.getFileName().toString(),
                            ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                }
            }
        }
        List<Resource> selected = new ArrayList<>();
        byName.forEach((name, resource) -> {
            if (OrderflowService.isShared(name) || services.stream().anyMatch(s -> s.routeFiles().contains(name))) {
                // route configurations first: templated routes look theirs up as soon as they are loaded
                selected.add(name.startsWith(CONFIGURATIONS) ? countConfigurations(selected) : selected.size(), resource);
            }
        });
        return selected;
    }

    /**
     * The route files packaged with the application, listed from the directory or jar that holds them (Camel's
     * classpath scanning would read every entry of the fat jar, about a second of the start).
     */
    static List<String> packagedNames() throws IOException {
        URL anchor = RouteFiles.class.getClassLoader().getResource(PACKAGED_DIRECTORY + CONFIGURATIONS + SUFFIX);
        if (anchor == null) {
            return List.of();
        }
        if ("jar".equals(anchor.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) anchor.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(PACKAGED_DIRECTORY) && n.endsWith(SUFFIX) && n.indexOf('/', PACKAGED_DIRECTORY.length()) < 0)
                        .map(n -> n.substring(PACKAGED_DIRECTORY.length()))
                        .sorted().toList();
            }
        }
        try (Stream<Path> files = Files.list(Path.of(URI.create(anchor.toString())).getParent())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static int countConfigurations(List<Resource> selected) {
        return (int) selected.stream().filter(r -> fileName(r.getLocation()).startsWith(CONFIGURATIONS)).count();
    }

    private static String fileName(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
