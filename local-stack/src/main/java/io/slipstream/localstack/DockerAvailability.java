package io.slipstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "can Testcontainers run here?" quickly, without hanging and without noise.
 *
 * <p>Asking Testcontainers directly on a machine without an engine logs a page of errors and can
 * take many seconds, on every test run. So it is asked only if there is a hint of an engine (a
 * {@code DOCKER_HOST}, a known socket file, or Testcontainers' own configuration file), and then
 * with a time limit.
 */
final class DockerAvailability {

  private static final Logger LOG = LoggerFactory.getLogger(DockerAvailability.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private DockerAvailability() {}

  /** Returns whether a Docker engine answered Testcontainers within 10 s. */
  static boolean isDockerAvailable() {
    if (!hasDockerHint(System.getenv(), Path.of(System.getProperty("user.home")))) {
      LOG.debug("No DOCKER_HOST, Docker socket or ~/.testcontainers.properties: no Docker engine");
      return false;
    }
    CompletableFuture<Boolean> probe =
        CompletableFuture.supplyAsync(() -> DockerClientFactory.instance().isDockerAvailable());
    try {
      return probe.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("No answer from a Docker engine within {}; not using Testcontainers", PROBE_TIMEOUT);
      return false;
    } catch (ExecutionException e) {
      LOG.warn("Asking for a Docker engine failed; not using Testcontainers", e.getCause());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns whether anything suggests a Docker (or Podman) engine; pure apart from file checks. */
  static boolean hasDockerHint(Map<String, String> environment, Path userHome) {
    if (environment.containsKey("DOCKER_HOST")) {
      return true;
    }
    List<Path> candidates =
        List.of(
            Path.of("/var/run/docker.sock"),
            userHome.resolve(".docker/run/docker.sock"),
            userHome.resolve(".docker/desktop/docker.sock"),
            userHome.resolve(".testcontainers.properties"));
    String runtimeDir = environment.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null
        && (Files.exists(Path.of(runtimeDir, "docker.sock"))
            || Files.exists(Path.of(runtimeDir, "podman", "podman.sock")))) {
      return true;
    }
    return candidates.stream().anyMatch(Files::exists);
  }
}
