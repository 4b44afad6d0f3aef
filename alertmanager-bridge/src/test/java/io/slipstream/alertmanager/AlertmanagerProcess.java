package io.slipstream.alertmanager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) started as a child
 * process for one test: 127.0.0.1 on a free port, clustering off, a fresh storage directory, and a
 * configuration that routes everything to a receiver that notifies nobody.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path directory;
  private final URI baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AlertmanagerProcess(Process process, Path directory, URI baseUrl) {
    this.process = process;
    this.directory = directory;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts Alertmanager and waits until {@code /-/ready} answers 200. Fails the test (it does not
   * skip it) when the binary is missing.
   */
  public static AlertmanagerProcess start() throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      fail(
          BINARY
              + " is missing. The integration tests start a real Alertmanager: run"
              + " .ci/install-test-deps from the repository root (as root or with sudo) to install"
              + " Debian's prometheus-alertmanager package, then run the tests again.");
    }
    Path directory = Files.createTempDirectory("alertmanager-it-");
    Path config = directory.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: "null"
        receivers:
          - name: "null"
        """);
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.add("--config.file=" + config);
    command.add("--storage.path=" + directory.resolve("data"));
    // Empty: no gossip cluster, so nothing listens beyond the web port.
    command.add("--cluster.listen-address=");
    command.add("--web.listen-address=127.0.0.1:" + port);
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("alertmanager.log").toFile())
            .start();
    AlertmanagerProcess alertmanager =
        new AlertmanagerProcess(process, directory, URI.create("http://127.0.0.1:" + port));
    try {
      alertmanager.awaitReady();
    } catch (RuntimeException | Error e) {
      alertmanager.close();
      throw e;
    }
    return alertmanager;
  }

  /** Returns the base URL, e.g. {@code http://127.0.0.1:40123}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the alerts of {@code GET /api/v2/alerts?active=true} (Alertmanager lists no resolved
   * alerts there).
   */
  public List<JsonNode> activeAlerts() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/alerts?active=true"))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
    }
    List<JsonNode> alerts = new ArrayList<>();
    JSON.readTree(response.body()).forEach(alerts::add);
    return alerts;
  }

  /** Returns the active alert whose {@code slo} label is {@code sloId}, or null. */
  public JsonNode activeAlertOfSlo(String sloId) throws IOException, InterruptedException {
    for (JsonNode alert : activeAlerts()) {
      if (sloId.equals(alert.path("labels").path("slo").asText(null))) {
        return alert;
      }
    }
    return null;
  }

  private void awaitReady() {
    try {
      await("Alertmanager ready")
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          // Refused connections and I/O errors mean it is still starting.
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(this::isReady);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "Alertmanager was not ready within " + READY_TIMEOUT + ":\n" + log(), e);
    }
  }

  private boolean isReady() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready"))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200;
  }

  private String log() {
    try {
      return Files.readString(directory.resolve("alertmanager.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops Alertmanager (SIGTERM, SIGKILL after 10 s) and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + directory, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
