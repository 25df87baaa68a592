package io.orderflow.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files, checked where no Docker engine or cluster is at hand: they parse, and they keep the promises
 * the README makes (one image, a service per container or Deployment, probes on the health endpoints, consumer names
 * from the pod, grace periods longer than the shutdown timeout, secrets only from files). `docker compose config` and
 * `kubectl kustomize` in .ci/run check the syntax against the real tools where installed.
 */
class DeploymentFilesTest {

    private static final Set<String> SERVICES = Set.of("orders", "relay", "inventory");
    private static final Path K8S = Path.of("deploy/k8s");

    @Test
    void composeRunsEachServiceFromOneImageOnHealthyPostgresAndRedis() throws IOException {
        Map<String, Object> compose = map(load(Path.of("docker-compose.yml")).get(0));
        Map<String, Object> services = map(compose.get("services"));

        assertThat(compose).doesNotContainKey("name");
        assertThat(string(map(services.get("postgres")).get("image"))).isEqualTo("postgres:17");
        assertThat(string(map(services.get("redis")).get("image"))).isEqualTo("redis:7");
        assertThat(list(map(services.get("redis")).get("command"))).containsSequence("--appendonly", "yes");
        for (String server : List.of("postgres", "redis")) {
            assertThat(map(services.get(server))).containsKeys("healthcheck", "volumes");
        }
        Duration shutdownTimeout = shutdownTimeout();
        for (String service : SERVICES) {
            Map<String, Object> container = map(services.get(service));
            assertThat(string(container.get("image"))).isEqualTo("orderflow:local");
            assertThat(map(container.get("environment"))).containsEntry("ORDERFLOW_SERVICES", service)
                    .containsKeys("ORDERFLOW_DB_URL", "ORDERFLOW_REDIS_URL");
            assertThat(map(container.get("depends_on"))).allSatisfy((server, condition) ->
                    assertThat(map(condition)).containsEntry("condition", "service_healthy"));
            assertThat(map(container.get("depends_on"))).containsOnlyKeys("postgres", "redis");
            assertThat(duration(string(container.get("stop_grace_period")))).isGreaterThan(shutdownTimeout);
            assertThat(container.containsKey("ports")).as(service + " publishes a port").isEqualTo(service.equals("orders"));
        }
        assertThat(map(map(services.get("inventory")).get("deploy"))).containsEntry("replicas", 2);
    }

    @Test
    void kubernetesHasADeploymentPerServiceWithProbesResourcesAndPodNamedConsumers() throws IOException {
        List<Map<String, Object>> objects = kubernetesObjects();
        Map<String, Object> config = map(only(objects, "ConfigMap").get("data"));
        Duration shutdownTimeout = duration(string(config.get("ORDERFLOW_SHUTDOWN_TIMEOUT")));

        List<Map<String, Object>> deployments = all(objects, "Deployment");
        assertThat(deployments).hasSize(3);
        List<String> services = new ArrayList<>();
        int connections = 0;
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            Map<String, Object> env = env(container);
            String service = string(env.get("ORDERFLOW_SERVICES"));
            services.add(service);
            connections += Integer.parseInt(string(env.get("ORDERFLOW_DB_POOL_SIZE")))
                    * ((Number) map(deployment.get("spec")).get("replicas")).intValue();

            assertThat(env.get("ORDERFLOW_INSTANCE_ID")).as(service)
                    .isEqualTo(Map.of("valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))));
            assertThat(probePath(container, "readinessProbe")).isEqualTo("/observe/health/ready");
            assertThat(probePath(container, "livenessProbe")).isEqualTo("/observe/health/live");
            assertThat(probePath(container, "startupProbe")).isEqualTo("/observe/health/live");
            assertThat(map(list(container.get("ports")).get(0))).containsEntry("name", "http").containsEntry("containerPort", 8080);
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
            assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
            int preStop = Integer.parseInt(string(list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec"))
                    .get("command")).get(1)));
            assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
                    .as(service + ": grace period").isGreaterThan(shutdownTimeout.plusSeconds(preStop + 5));
            assertSecretsComeFromMountedFiles(container, config);
            assertThat(all(objects, "PodDisruptionBudget")).as(service + " has a disruption budget")
                    .anySatisfy(pdb -> assertThat(map(map(pdb.get("spec")).get("selector")).get("matchLabels"))
                            .isEqualTo(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels")));
        }
        assertThat(services).containsExactlyInAnyOrderElementsOf(SERVICES);
        // plus one LISTEN connection per relay and room for a rolling update's extra pod
        assertThat(connections).as("pooled connections of all pods, against PostgreSQL's default max_connections 100")
                .isLessThanOrEqualTo(70);

        Map<String, Object> api = map(only(objects, "Service").get("spec"));
        assertThat(map(api.get("selector"))).containsEntry("app.kubernetes.io/component", "orders");
        assertThat(map(list(api.get("ports")).get(0))).containsEntry("targetPort", "http");
    }

    @Test
    void theKustomizationAppliesEveryManifestButTheExampleSecret() throws IOException {
        Map<String, Object> kustomization = map(load(K8S.resolve("kustomization.yaml")).get(0));
        try (Stream<Path> files = Files.list(K8S)) {
            assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(files
                    .map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.equals("secret.example.yaml"))
                    .toList());
        }
        Map<String, Object> secret = map(load(K8S.resolve("secret.example.yaml")).get(0));
        assertThat(map(secret.get("stringData"))).containsOnlyKeys("db-password", "redis-url", "admin-token");
    }

    @Test
    void theImageIsMultiStageNonRootWithAHealthCheckAndAnExecFormEntryPoint() throws IOException {
        // instructions, continuation lines joined
        List<String> lines = Files.readString(Path.of("Dockerfile")).replaceAll("\\\\\n\\s*", " ").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("FROM maven:").endsWith(" AS build");
        assertThat(stages.get(1)).startsWith("FROM eclipse-temurin:17-jre");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("USER [1-9][0-9]*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK ").contains("/observe/health/ready"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT [\"java\""));
        assertThat(lines).contains("EXPOSE 8080");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("*", "!src/main").doesNotContain("!target");
    }

    private static void assertSecretsComeFromMountedFiles(Map<String, Object> container, Map<String, Object> config) {
        Map<String, Object> env = new LinkedHashMap<>(config);
        env.putAll(env(container));
        assertThat(env).doesNotContainKeys("ORDERFLOW_DB_PASSWORD", "ORDERFLOW_REDIS_URL", "ORDERFLOW_ADMIN_TOKEN");
        List<String> mounts = list(container.get("volumeMounts")).stream().map(m -> string(map(m).get("mountPath"))).toList();
        env.forEach((name, value) -> {
            if (name.endsWith("_FILE")) {
                assertThat(mounts).anySatisfy(mount -> assertThat(string(value)).startsWith(mount + "/"));
            }
        });
    }

    private static String probePath(Map<String, Object> container, String probe) {
        Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
        assertThat(get).containsEntry("port", "http");
        return string(get.get("path"));
    }

    /** A container's env as name -> value (a string) or name -> the valueFrom entry. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            env.put(string(variable.get("name")), variable.containsKey("value") ? variable.get("value")
                    : Map.of("valueFrom", variable.get("valueFrom")));
        }
        return env;
    }

    private static List<Map<String, Object>> kubernetesObjects() throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : load(file)) {
                    Map<String, Object> object = map(document);
                    assertThat(object).as(file.toString()).containsKeys("apiVersion", "kind");
                    if (!object.get("kind").equals("Kustomization")) {
                        assertThat(map(object.get("metadata"))).as(file.toString()).containsKey("name");
                        if (!file.endsWith("secret.example.yaml")) {
                            objects.add(object);
                        }
                    }
                }
            }
        }
        return objects;
    }

    private static Duration shutdownTimeout() throws IOException {
        return Files.readAllLines(Path.of("application.properties")).stream()
                .filter(l -> l.startsWith("orderflow.shutdown-timeout"))
                .map(l -> duration(l.substring(l.indexOf('=') + 1).trim()))
                .findFirst().orElseThrow();
    }

    private static Duration duration(String text) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
    }

    private static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = all(objects, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    /** The documents of a YAML file, with YAML 1.1 merge keys ({@code <<: *anchor}, used by compose) applied. */
    private static List<Object> load(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))
                .forEach(d -> documents.add(merged(d)));
        return documents;
    }

    private static Object merged(Object node) {
        if (node instanceof Map<?, ?> mapping) {
            Map<String, Object> result = new LinkedHashMap<>();
            Object base = mapping.get("<<");
            if (base != null) {
                result.putAll(map(merged(base)));
            }
            mapping.forEach((key, value) -> {
                if (!"<<".equals(key)) {
                    result.put(String.valueOf(key), merged(value));
                }
            });
            return result;
        }
        if (node instanceof List<?> sequence) {
            return sequence.stream().map(DeploymentFilesTest::merged).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    private static String string(Object node) {
        return String.valueOf(node);
    }
}
