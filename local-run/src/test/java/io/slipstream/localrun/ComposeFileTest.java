package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates docker-compose.yml without a Docker engine: Debian's {@code docker-compose config} (v1)
 * checks the syntax and resolves anchors and paths; the resolved file is then checked for what the
 * engine would only discover at {@code up}: services that depends_on, Prometheus or a healthcheck
 * condition name but that do not exist, missing Dockerfiles and mounted files, and main classes the
 * image does not hold.
 */
class ComposeFileTest {

  private static final String INSTALL_HINT =
      "docker-compose (Debian package, v1) is not installed: run .ci/install-test-deps"
          + " (or apt-get install -y --no-install-recommends docker-compose)";

  private static final Set<String> EXPECTED_SERVICES =
      Set.of(
          "kafka",
          "schema-registry",
          "topics",
          "slo-definitions",
          "processor-1",
          "processor-2",
          "gateway",
          "loadgen",
          "prometheus",
          "alertmanager",
          "alert-bridge",
          "grafana");

  private static Path root;
  private static JsonNode resolved;

  @BeforeAll
  static void resolveComposeFile() throws Exception {
    root = repositoryRoot();
    Path binary = onPath("docker-compose").orElseThrow(() -> new AssertionError(INSTALL_HINT));
    Result quiet = run(binary.toString(), "-f", "docker-compose.yml", "config", "-q");
    assertThat(quiet.exitCode()).as("docker-compose config -q: %s", quiet.output()).isZero();
    Result config = run(binary.toString(), "-f", "docker-compose.yml", "config");
    assertThat(config.exitCode()).as("docker-compose config: %s", config.output()).isZero();
    resolved = new YAMLMapper().readTree(config.output());
  }

  @Test
  void shouldDefineEveryServiceOfTheDeployment() {
    assertThat(names(resolved.path("services"))).containsAll(EXPECTED_SERVICES);
  }

  @Test
  void shouldDependOnlyOnServicesThatExistAndHaveHealthChecksWhenWaitedFor() {
    Set<String> services = names(resolved.path("services"));
    resolved
        .path("services")
        .properties()
        .forEach(
            service -> {
              JsonNode dependsOn = service.getValue().path("depends_on");
              for (String dependency : names(dependsOn)) {
                assertThat(services)
                    .as("%s depends on %s", service.getKey(), dependency)
                    .contains(dependency);
                String condition = dependsOn.path(dependency).path("condition").asText("");
                if (condition.equals("service_healthy")) {
                  assertThat(resolved.path("services").path(dependency).has("healthcheck"))
                      .as(
                          "%s waits for %s to be healthy: it needs a healthcheck",
                          service.getKey(), dependency)
                      .isTrue();
                }
              }
            });
  }

  @Test
  void shouldBuildFromDockerfilesThatExist() {
    List<String> builds = new ArrayList<>();
    resolved
        .path("services")
        .properties()
        .forEach(
            service -> {
              JsonNode build = service.getValue().path("build");
              if (!build.isMissingNode()) {
                Path context = root.resolve(build.path("context").asText("."));
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                assertThat(dockerfile).as("Dockerfile of %s", service.getKey()).isRegularFile();
                builds.add(service.getKey());
              }
            });
    assertThat(builds).contains("processor-1", "processor-2", "gateway", "loadgen", "alert-bridge");
  }

  @Test
  void shouldMountOnlyFilesAndDirectoriesThatExist() {
    resolved
        .path("services")
        .properties()
        .forEach(
            service -> {
              for (JsonNode volume : service.getValue().path("volumes")) {
                String source =
                    volume.isTextual() ? volume.asText() : volume.path("source").asText();
                if (source.startsWith("/") || source.startsWith(".")) {
                  String hostPath = source.contains(":") ? source.split(":")[0] : source;
                  assertThat(root.resolve(hostPath))
                      .as("%s mounts %s", service.getKey(), hostPath)
                      .exists();
                }
              }
            });
  }

  @Test
  void shouldRunMainClassesThatTheImageHolds() throws ClassNotFoundException {
    List<String> mains = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : resolved.path("services").properties()) {
      JsonNode main = service.getValue().path("environment").path("SLIPSTREAM_MAIN");
      if (!main.isMissingNode()) {
        mains.add(main.asText());
      }
    }
    assertThat(mains).hasSizeGreaterThanOrEqualTo(6);
    for (String main : mains) {
      // The test class path is the image's: local-run's runtime dependencies.
      assertThat(Class.forName(main, false, getClass().getClassLoader()).getMethods())
          .as(main)
          .anyMatch(method -> method.getName().equals("main"));
    }
  }

  @Test
  void shouldLetPrometheusScrapeServicesThatExist() throws IOException {
    String prometheus =
        Files.readString(root.resolve("docker/prometheus/prometheus.yml"), StandardCharsets.UTF_8);
    Matcher target = Pattern.compile("\"([a-z0-9-]+):\\d+\"").matcher(prometheus);
    Set<String> scraped = new TreeSet<>();
    while (target.find()) {
      scraped.add(target.group(1));
    }
    scraped.remove("localhost");
    assertThat(scraped).containsExactlyInAnyOrder("processor-1", "processor-2");
    assertThat(names(resolved.path("services"))).containsAll(scraped);
  }

  @Test
  void shouldCreateTopicsExplicitlyWithAutoCreationOff() {
    JsonNode kafka = resolved.path("services").path("kafka").path("environment");
    assertThat(kafka.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    String topics = resolved.path("services").path("topics").path("command").toString();
    assertThat(topics)
        .contains("create request-events 4")
        .contains("create resource-samples 4")
        .contains("create slo-definitions 1 --config cleanup.policy=compact");
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isArray()) {
      node.forEach(element -> names.add(element.asText()));
    } else {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new AssertionError("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    // Reading to the end first: the process cannot block on a full pipe.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 60 s");
    }
    return new Result(process.exitValue(), output);
  }
}
