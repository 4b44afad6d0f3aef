package io.slipstream.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.localstack.ChildProcess;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it: unpacked into a temporary directory, its launchers run as they are
 * (through a symlink too), and {@code bin/slipstream-processor} started with the shipped example
 * configuration on the real broker and registry, then asked by {@code bin/slipstream query slos}.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class DistributionIT {
  /** Bounds every short-lived command: a JVM start and an answer. */
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);

  /** Bounds the processor's start, up to its query API listing the example SLOs. */
  private static final Duration PROCESSOR_LIMIT = Duration.ofSeconds(60);

  /** The SLOs in examples/slos, by id. */
  private static final List<String> EXAMPLE_SLOS =
      List.of(
          "checkout-availability",
          "checkout-availability-by-customer",
          "checkout-latency",
          "checkout-saturation",
          "payments-availability",
          "search-latency-p99");

  @TempDir static Path unpacked;
  private static Path home;

  @BeforeAll
  static void unpackTheTarball() throws Exception {
    Path tarball = Path.of(System.getProperty("slipstream.distribution.tarball"));
    Result tar =
        run(Map.of(), unpacked, "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
    assertThat(tar.code()).as("tar -xzf %s: %s", tarball, tar.err()).isZero();
    home = unpacked.resolve(System.getProperty("slipstream.distribution.name"));
  }

  @Test
  void shouldHoldLaunchersLibrariesConfigurationExamplesAndCompletion() throws IOException {
    for (String launcher :
        List.of(
            "slipstream",
            "slipstream-processor",
            "slipstream-gateway",
            "slipstream-alertmanager-bridge",
            "slipstream-local-run",
            "slipstream-publish-slos",
            "slipstream-loadgen",
            "slipstream-run-class")) {
      assertThat(home.resolve("bin").resolve(launcher)).isExecutable();
    }
    for (String config :
        List.of(
            "processor.properties",
            "gateway.env",
            "alertmanager-bridge.properties",
            "cli.properties",
            "logback.xml")) {
      assertThat(home.resolve("config").resolve(config)).isRegularFile();
    }
    assertThat(home.resolve("examples/slos/checkout-availability.yaml")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .contains(
              "slipstream-processor-" + System.getProperty("slipstream.version") + ".jar",
              "slipstream-ingest-" + System.getProperty("slipstream.version") + ".jar",
              "slipstream-alertmanager-bridge-" + System.getProperty("slipstream.version") + ".jar",
              "slipstream-local-run-" + System.getProperty("slipstream.version") + ".jar")
          .allMatch(name -> name.endsWith(".jar"));
    }

    // Sourcing the completion script registers it for the command.
    Path completion = home.resolve("bin/slipstream-completion.bash");
    Result complete =
        run(Map.of(), home, "bash", "-c", "source '" + completion + "' && complete -p slipstream");
    assertThat(complete.code()).as(complete.err()).isZero();
    assertThat(complete.out()).contains("slipstream");
  }

  @Test
  void shouldFillTheRegistryVersionIntoTheLocalRunLauncherAndChangeNothingElse()
      throws IOException {
    String source = Files.readString(Path.of("src/bin/slipstream-local-run"));
    String shipped = Files.readString(home.resolve("bin/slipstream-local-run"));

    assertThat(shipped)
        .isEqualTo(
            source.replace(
                "${apicurio.version}", System.getProperty("slipstream.apicurio.version")));
  }

  @Test
  void shouldPrintTheVersionAndTheUsageOfEveryLauncher() throws IOException {
    // Reached through a relative symlink from another directory, as from ~/bin.
    Path elsewhere = Files.createDirectories(unpacked.resolve("elsewhere"));
    Path link =
        Files.createSymbolicLink(
            elsewhere.resolve("slipstream"), elsewhere.relativize(bin("slipstream")));
    Result version = run(javaEnvironment(), elsewhere, link.toString(), "--version");
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out().strip())
        .isEqualTo("slipstream " + System.getProperty("slipstream.version"));

    Result help = run(javaEnvironment(), elsewhere, bin("slipstream").toString(), "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out())
        .startsWith("Usage: slipstream")
        .contains("query", "corrections", "sla", "generate-completion");

    assertUsage("slipstream-processor", "usage: ProcessorMain", "slipstream.http.port");
    assertUsage("slipstream-gateway", "usage: slipstream-gateway", "SLIPSTREAM_GATEWAY_TOKENS");
    assertUsage(
        "slipstream-alertmanager-bridge",
        "usage: AlertmanagerBridgeMain",
        "slipstream.alertmanager.url");
    assertUsage("slipstream-local-run", "Usage: slipstream-local-run", "Apicurio Registry");
    assertUsage("slipstream-publish-slos", "Usage: slipstream-publish-slos", "--slo-dir");
    assertUsage("slipstream-loadgen", "Usage: slipstream-loadgen", "--incident");
  }

  @Test
  void shouldAnswerAQueryFromTheProcessorItsLauncherStarted(
      LocalStack stack, TestResources resources, @TempDir Path work) throws Exception {
    int port = freeLoopbackPort();
    String url = "http://127.0.0.1:" + port;
    List<String> command = new ArrayList<>();
    command.add(bin("slipstream-processor").toString());
    command.add("--config");
    command.add(home.resolve("config/processor.properties").toString());
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("slipstream.schema.registry.url", stack.schemaRegistryUrl());
    settings.put("application.id", resources.applicationId("distribution"));
    settings.put("slipstream.topic.prefix", "distribution-" + resources.suffix() + ".");
    settings.put("state.dir", work.resolve("state").toString());
    settings.put("slipstream.slo.dir", home.resolve("examples/slos").toString());
    settings.put("slipstream.http.host", "127.0.0.1");
    settings.put("slipstream.http.port", Integer.toString(port));
    settings.put("num.stream.threads", "1");
    settings.forEach((key, value) -> command.add(key + "=" + value));
    Map<String, String> environment = javaEnvironment();
    // A handful of definitions: a small heap, one GC thread on a shared 2-core machine.
    environment.put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
    Path log = Path.of("target", "distribution-it", "processor-" + resources.suffix() + ".log");
    Files.createDirectories(log.getParent());

    try (ChildProcess processor =
        ChildProcess.start("slipstream-processor", command, work, environment, log, () -> {})) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest slos =
          HttpRequest.newBuilder(URI.create(url + "/api/v1/slos"))
              .timeout(Duration.ofSeconds(5))
              .build();
      await(
              "the processor started by bin/slipstream-processor lists the example SLOs (log "
                  + log
                  + ")")
          .atMost(PROCESSOR_LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .failFast("the processor exited", () -> !processor.isAlive())
          .until(
              () -> {
                HttpResponse<String> answer = http.send(slos, HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200
                    && EXAMPLE_SLOS.stream().allMatch(answer.body()::contains);
              });

      // The URL from a configuration file, as a user would keep it.
      Path cliConfig = Files.writeString(work.resolve("cli.properties"), "url=" + url + "\n");
      Map<String, String> cliEnvironment = javaEnvironment();
      cliEnvironment.put("SLIPSTREAM_CLI_CONFIG", cliConfig.toString());
      Result query =
          run(cliEnvironment, work, bin("slipstream").toString(), "query", "slos", "--sort", "id");
      System.out.println(query.out());
      assertThat(query.code()).as(query.err()).isZero();
      String[] lines = query.out().split("\n");
      assertThat(lines[0]).startsWith("SLO").contains("SERVICE", "BUDGET LEFT", "ALERT");
      // The SLOs, then a blank line and the legend of the grouped SLO's mark.
      assertThat(lines).hasSize(1 + EXAMPLE_SLOS.size() + 3);
      for (int i = 0; i < EXAMPLE_SLOS.size(); i++) {
        assertThat(lines[i + 1]).startsWith(EXAMPLE_SLOS.get(i) + " ");
      }
      assertThat(lines[EXAMPLE_SLOS.size() + 2]).startsWith("* grouped");
    }
  }

  private static void assertUsage(String launcher, String start, String mentions)
      throws IOException {
    Result usage = run(javaEnvironment(), home, bin(launcher).toString(), "--help");
    assertThat(usage.code()).as("%s --help: %s", launcher, usage.err()).isZero();
    assertThat(usage.out()).as(launcher + " --help").startsWith(start).contains(mentions);
  }

  private static Path bin(String launcher) {
    return home.resolve("bin").resolve(launcher);
  }

  /**
   * Only the basics and the Java running this test: KAFKA_* or SLIPSTREAM_* variables of the
   * build's environment would change what the launchers do.
   */
  private static Map<String, String> javaEnvironment() {
    Map<String, String> environment = new HashMap<>();
    for (String variable : List.of("PATH", "HOME", "USER", "LANG", "TZ")) {
      String value = System.getenv(variable);
      if (value != null) {
        environment.put(variable, value);
      }
    }
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    return environment;
  }

  private record Result(int code, String out, String err) {}

  /** Runs a command to its end, within {@link #COMMAND_LIMIT}; its output is read from files. */
  private static Result run(Map<String, String> environment, Path directory, String... command)
      throws IOException {
    Path out = Files.createTempFile("distribution-it", ".out");
    Path err = Files.createTempFile("distribution-it", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    if (!environment.isEmpty()) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    Process process = builder.start();
    try {
      if (!process.waitFor(COMMAND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(String.join(" ", command) + " took over " + COMMAND_LIMIT);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
