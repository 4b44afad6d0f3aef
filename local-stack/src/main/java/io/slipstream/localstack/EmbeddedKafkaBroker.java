package io.slipstream.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft server that is broker and controller at
 * once, listening on 127.0.0.1 only, storing its logs in a fresh temporary directory.
 *
 * <p>Every replication factor and min ISR is 1, so transactions and exactly-once Kafka Streams work
 * against it. It needs about 2–3 s to start and about 350 MB of heap.
 *
 * <p>Lifecycle: {@link #start()} (or {@link Builder#start()}) returns a running broker; {@link
 * #stop()} shuts it down but keeps its ports and log directory; {@link #restart()} brings it back
 * with the same data at the same address; {@link #close()} shuts it down and deletes the log
 * directory. All lifecycle methods are synchronized and block until done.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(30);

  private final Path workDir;
  private final Properties serverProperties;
  private final String bootstrapServers;
  private final String saslBootstrapServers;
  private final String sslBootstrapServers;
  private final Duration readinessTimeout;
  private KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(
      Path workDir,
      Properties serverProperties,
      String bootstrapServers,
      String saslBootstrapServers,
      String sslBootstrapServers,
      Duration timeout) {
    this.workDir = workDir;
    this.serverProperties = serverProperties;
    this.bootstrapServers = bootstrapServers;
    this.saslBootstrapServers = saslBootstrapServers;
    this.sslBootstrapServers = sslBootstrapServers;
    this.readinessTimeout = timeout;
  }

  /** Returns a builder with the defaults: topic auto-creation on, 30 s readiness timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a broker with the defaults of {@link #builder()}.
   *
   * @throws IllegalStateException if it does not become ready within the timeout
   */
  public static EmbeddedKafkaBroker start() {
    return builder().start();
  }

  /** Returns {@code 127.0.0.1:<port>}; the same across {@link #stop()} and {@link #restart()}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Returns {@code 127.0.0.1:<port>} of the SASL_PLAINTEXT listener that authenticates with
   * SCRAM-SHA-512 the users given to {@link Builder#scramUser}.
   *
   * @throws IllegalStateException if the broker was built without SCRAM users
   */
  public String saslBootstrapServers() {
    if (saslBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SASL listener: add a scramUser");
    }
    return saslBootstrapServers;
  }

  /**
   * Returns {@code 127.0.0.1:<port>} of the SSL listener that serves the certificate given to
   * {@link Builder#sslListener}.
   *
   * @throws IllegalStateException if the broker was built without one
   */
  public String sslBootstrapServers() {
    if (sslBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SSL listener: add an sslListener");
    }
    return sslBootstrapServers;
  }

  /**
   * The environment variables with which a Slipstream component (processor, gateway, bridge)
   * authenticates on the SASL listener as {@code user}: {@code KAFKA_SECURITY_PROTOCOL}, {@code
   * KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG}.
   */
  public static Map<String, String> scramClientEnvironment(String user, String password) {
    return Map.of(
        "KAFKA_SECURITY_PROTOCOL",
        "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM",
        KafkaBrokerProperties.SCRAM_MECHANISM,
        "KAFKA_SASL_JAAS_CONFIG",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  /** Returns whether the broker is started and not stopped or closed. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Shuts the broker down and waits until it is down, keeping its ports and log directory for
   * {@link #restart()}. Does nothing if it is not running.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long startNanos = System.nanoTime();
    KafkaRaftServer stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
    LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers, millisSince(startNanos));
  }

  /**
   * Starts the stopped broker again on the same ports with the same log directory (so topics,
   * committed offsets and transactions survive) and waits until it is ready.
   *
   * @throws IllegalStateException if it is running or closed, or not ready within the timeout
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is closed");
    }
    if (server != null) {
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is running");
    }
    launch();
  }

  /**
   * Stops the broker if it runs and deletes its log directory. Idempotent. A failure to shut down
   * is logged and rethrown after the directory has been deleted as far as possible.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.error("Kafka broker at {} did not shut down cleanly", bootstrapServers, e);
      throw e;
    } finally {
      deleteWorkDir();
    }
  }

  private void deleteWorkDir() {
    try {
      TempDirectories.deleteRecursively(workDir);
    } catch (UncheckedIOException e) {
      // Leftovers in the temp dir are not worth failing a test run for; say where they are.
      LOG.warn("Could not delete the Kafka log directory {}", workDir, e);
    }
  }

  private void launch() {
    long startNanos = System.nanoTime();
    KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(serverProperties), Time.SYSTEM);
    try {
      starting.startup();
      awaitReady();
    } catch (RuntimeException e) {
      // Release the ports and threads of a half-started server before reporting the failure.
      try {
        starting.shutdown();
        starting.awaitShutdown();
      } catch (RuntimeException shutdownFailure) {
        e.addSuppressed(shutdownFailure);
      }
      throw e;
    }
    server = starting;
    LOG.info(
        "Kafka broker ready at {} in {} ms (log dir {})",
        bootstrapServers,
        millisSince(startNanos),
        workDir);
  }

  /** Waits until the broker answers a cluster description that lists it as an unfenced node. */
  private void awaitReady() {
    long deadline = System.nanoTime() + readinessTimeout.toNanos();
    Exception lastFailure = null;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      while (true) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
          throw new IllegalStateException(
              "Kafka broker at " + bootstrapServers + " not ready within " + readinessTimeout,
              lastFailure);
        }
        DescribeClusterOptions options =
            new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMillis, 5_000));
        try {
          // Fenced brokers are left out of the answer, so a non-empty list means "serving".
          Collection<Node> nodes =
              admin.describeCluster(options).nodes().get(remainingMillis, TimeUnit.MILLISECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          lastFailure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
        pauseBeforeRetry();
      }
    }
  }

  private static void pauseBeforeRetry() {
    try {
      // Between attempts against a server that just started; the Admin call itself is bounded.
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Options of an {@link EmbeddedKafkaBroker}; {@link #start()} creates and starts one. */
  public static final class Builder {

    private boolean autoCreateTopics = true;
    private Duration readinessTimeout = DEFAULT_READINESS_TIMEOUT;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private final Map<String, String> scramUsers = new LinkedHashMap<>();
    private Path sslKeystore;
    private String sslKeystorePassword;

    private Builder() {}

    /**
     * Adds a user that may authenticate with SCRAM-SHA-512 on a second, SASL_PLAINTEXT listener
     * (see {@link EmbeddedKafkaBroker#saslBootstrapServers()}). Without any, the broker has only
     * its PLAINTEXT listener. The credentials are written when the log directory is formatted, so
     * they survive {@code restart()}.
     */
    public Builder scramUser(String name, String password) {
      if (name.isEmpty()
          || name.contains(",")
          || password.contains(",")
          || password.contains("]")) {
        throw new IllegalArgumentException("SCRAM user names and passwords may not hold , or ]");
      }
      scramUsers.put(name, password);
      return this;
    }

    /**
     * Whether producing to or asking metadata for an unknown topic creates it (default {@code
     * true}, convenient for tests). Turn it off to test that code creates its own topics.
     */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** How long {@link #start()} and {@code restart()} wait for the broker (default 30 s). */
    public Builder readinessTimeout(Duration timeout) {
      this.readinessTimeout = timeout;
      return this;
    }

    /** Sets a server property; applied last, so it overrides the defaults of this class. */
    public Builder brokerProperty(String name, String value) {
      brokerProperties.put(name, value);
      return this;
    }

    /**
     * Adds a third listener speaking TLS (see {@link EmbeddedKafkaBroker#sslBootstrapServers()})
     * with the certificate and key in the PKCS12 {@code keystore}, whose store and key password is
     * {@code password}. Clients are not asked for certificates.
     */
    public Builder sslListener(Path keystore, String password) {
      this.sslKeystore = keystore;
      this.sslKeystorePassword = password;
      return this;
    }

    /**
     * Formats a fresh log directory, starts the broker and waits until it is ready.
     *
     * @throws IllegalStateException if formatting fails or the broker is not ready in time; the
     *     temporary directory is deleted in that case
     */
    public EmbeddedKafkaBroker start() {
      Path workDir = TempDirectories.create("slipstream-kafka-");
      try {
        int brokerPort = FreePorts.pickLoopbackPort();
        int controllerPort = FreePorts.pickLoopbackPort();
        Properties props =
            KafkaBrokerProperties.build(
                brokerPort,
                controllerPort,
                workDir.resolve("logs"),
                autoCreateTopics,
                brokerProperties);
        String saslBootstrap = null;
        if (!scramUsers.isEmpty()) {
          int saslPort = FreePorts.pickLoopbackPort();
          KafkaBrokerProperties.addScramListener(props, saslPort);
          saslBootstrap = "127.0.0.1:" + saslPort;
        }
        String sslBootstrap = null;
        if (sslKeystore != null) {
          int sslPort = FreePorts.pickLoopbackPort();
          KafkaBrokerProperties.addSslListener(props, sslPort, sslKeystore, sslKeystorePassword);
          sslBootstrap = "127.0.0.1:" + sslPort;
        }
        formatLogDirectory(workDir, props, scramUsers);
        EmbeddedKafkaBroker broker =
            new EmbeddedKafkaBroker(
                workDir,
                props,
                "127.0.0.1:" + brokerPort,
                saslBootstrap,
                sslBootstrap,
                readinessTimeout);
        broker.launch();
        return broker;
      } catch (RuntimeException e) {
        try {
          TempDirectories.deleteRecursively(workDir);
        } catch (UncheckedIOException deleteFailure) {
          e.addSuppressed(deleteFailure);
        }
        throw e;
      }
    }

    /**
     * Writes the meta.properties and bootstrap checkpoint of a new single-node dynamic quorum, as
     * {@code kafka-storage.sh format -t <id> -c <file> --standalone} does, with an {@code
     * --add-scram} per SCRAM user.
     */
    private static void formatLogDirectory(
        Path workDir, Properties props, Map<String, String> scramUsers) {
      Path propertiesFile = workDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propertiesFile)) {
        props.store(out, "Slipstream embedded KRaft broker");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write " + propertiesFile, e);
      }
      String clusterId = Uuid.randomUuid().toString();
      List<String> args =
          new ArrayList<>(
              List.of("format", "-t", clusterId, "-c", propertiesFile.toString(), "--standalone"));
      scramUsers.forEach(
          (name, password) -> {
            args.add("--add-scram");
            args.add(
                KafkaBrokerProperties.SCRAM_MECHANISM
                    + "=[name="
                    + name
                    + ",password="
                    + password
                    + "]");
          });
      // The tool reports to a stream; keep its words for the error message instead of stdout.
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int exitCode;
      try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        exitCode = StorageTool.execute(args.toArray(String[]::new), printStream);
      }
      if (exitCode != 0) {
        throw new IllegalStateException(
            "Formatting the KRaft log directory failed with exit code "
                + exitCode
                + ": "
                + output.toString(StandardCharsets.UTF_8));
      }
      LOG.debug("Formatted {}: {}", workDir, output.toString(StandardCharsets.UTF_8).trim());
    }
  }
}
