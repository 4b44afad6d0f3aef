package io.slipstream.localstack;

import java.io.IOException;
import java.net.ConnectException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry: Apicurio Registry 2.6 in a child JVM with in-memory storage, listening on
 * 127.0.0.1 only, serving the Confluent Schema Registry API at {@link #url()}.
 *
 * <p>It starts in about 2 s on Java 17 with a 256 MB heap (4 s while a broker starts beside it on
 * two cores). Its output goes to {@link #logFile()} in a temporary directory that is deleted when
 * it stops. The child cannot outlive this JVM unless the JVM is killed with SIGKILL (see {@link
 * ChildProcess}).
 *
 * <p>Differences from Confluent's registry that clients meet: ids are Apicurio content ids (the
 * same schema text gets the same id in every subject); {@code GET /config/{subject}} reports {@code
 * NONE} for subjects without their own level even when the global level is set; compatibility
 * checks answer {@code {"is_compatible":..,"reason":..}}; requests need a JSON content type.
 */
public final class ApicurioSchemaRegistry implements AutoCloseable {

  /** How long {@link #start()} waits for the registry to answer. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** Path of the Confluent-compatible API below the server root. */
  public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioSchemaRegistry.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final ChildProcess process;
  private final Path logFile;
  private final int port;
  private final Duration startupTime;

  private ApicurioSchemaRegistry(
      ChildProcess process, Path logFile, int port, Duration startupTime) {
    this.process = process;
    this.logFile = logFile;
    this.port = port;
    this.startupTime = startupTime;
  }

  /**
   * Starts the registry from {@link ApicurioDistribution#locate()} and waits up to 60 s until it
   * serves requests.
   *
   * @throws IllegalStateException if the distribution is missing, or the registry exits or does not
   *     answer in time (the message holds the end of its log)
   */
  public static ApicurioSchemaRegistry start() {
    return start(ApicurioDistribution.locate(), DEFAULT_STARTUP_TIMEOUT);
  }

  /**
   * Starts the registry from {@code distribution} and waits until {@code GET
   * /apis/ccompat/v7/subjects} answers 200.
   *
   * @throws IllegalStateException if it exits or does not answer within {@code startupTimeout}; the
   *     child is stopped, its directory deleted, and the message holds the end of its log
   */
  public static ApicurioSchemaRegistry start(
      ApicurioDistribution distribution, Duration startupTimeout) {
    long startNanos = System.nanoTime();
    Path workDir = TempDirectories.create("slipstream-apicurio-");
    Path logFile = workDir.resolve("apicurio.log");
    int port = FreePorts.pickLoopbackPort();
    ChildProcess process =
        ChildProcess.start(
            "apicurio-registry",
            command(distribution, workDir, port),
            workDir,
            childEnvironment(System.getenv()),
            logFile,
            () -> TempDirectories.deleteRecursively(workDir));
    try {
      awaitServing(process, port, startupTimeout, logFile);
    } catch (RuntimeException e) {
      try {
        process.close();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
    Duration startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
    LOG.info(
        "Apicurio registry (pid {}) ready at http://127.0.0.1:{} in {} ms (log {})",
        process.pid(),
        port,
        startupTime.toMillis(),
        logFile);
    return new ApicurioSchemaRegistry(process, logFile, port, startupTime);
  }

  /** Returns the Confluent-compatible base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + CONFLUENT_API_PATH;
  }

  /** Returns the HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Returns how long {@code start} took, from launching the JVM until the first 200. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * Returns the file the registry's stdout and stderr go to; deleted with its directory when the
   * registry stops (by {@link #close()} or at JVM exit).
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Stops the child JVM (SIGTERM, then SIGKILL after 10 s) and deletes its directory. Idempotent.
   *
   * @throws IllegalStateException if the child is still alive after SIGKILL
   */
  @Override
  public void close() {
    process.close();
  }

  private static List<String> command(ApicurioDistribution distribution, Path workDir, int port) {
    List<String> command = new ArrayList<>();
    // The same Java that runs us: it is known to be 17+, which Apicurio 2.6 needs.
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A registry serving a handful of test requests: a small heap, one GC thread, and only the
    // C1 compiler, which starts ~1 s faster and uses ~50 MB less than the default tiers.
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    // Vert.x and Quarkus write scratch files to java.io.tmpdir; keep them in our directory.
    command.add("-Djava.io.tmpdir=" + workDir);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + port);
    // Nothing may leave the machine: no error reporting to Sentry (off by default; stated here so
    // an environment cannot turn it on), and see childEnvironment() for registry events.
    command.add("-Dregistry.enable.sentry=false");
    command.add("-jar");
    command.add(distribution.runnerJar().toString());
    return command;
  }

  /**
   * Passes on only locale, time zone and user basics. Apicurio reads much of its configuration from
   * environment variables with generic names: an inherited {@code KAFKA_BOOTSTRAP_SERVERS} would
   * make it publish registry events to Kafka, {@code HTTP_PORT} or {@code AUTH_ENABLED} would
   * change how it serves.
   */
  static Map<String, String> childEnvironment(Map<String, String> parent) {
    Map<String, String> environment = new HashMap<>();
    for (String name : List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ")) {
      String value = parent.get(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    return environment;
  }

  private static void awaitServing(ChildProcess process, int port, Duration timeout, Path logFile) {
    URI probe = URI.create("http://127.0.0.1:" + port + CONFLUENT_API_PATH + "/subjects");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastAnswer = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio registry exited with code "
                + process.exitValue()
                + " while starting; its log ends with:\n"
                + tail(logFile));
      }
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
        lastAnswer = "HTTP " + response.statusCode();
      } catch (ConnectException e) {
        lastAnswer = "connection refused";
      } catch (IOException e) {
        lastAnswer = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the Apicurio registry", e);
      }
      pause();
    }
    throw new IllegalStateException(
        "Apicurio registry did not answer "
            + probe
            + " with 200 within "
            + timeout
            + " (last: "
            + lastAnswer
            + "); its log ends with:\n"
            + tail(logFile));
  }

  private static void pause() {
    try {
      // Polling a server that is still starting; each probe is bounded by its own timeouts.
      TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Apicurio registry", e);
    }
  }

  /** Returns the last 40 lines of the log, for error messages. */
  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(could not read the log: " + e + ")";
    }
  }
}
