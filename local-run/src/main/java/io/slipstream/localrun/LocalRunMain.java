package io.slipstream.localrun;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command local run: starts an embedded Kafka broker and schema registry (or uses a real
 * cluster), creates the topics, publishes the example SLOs, starts a processor and plays an
 * incident with time acceleration, printing alert transitions and burn-rate summaries until Ctrl-C
 * or {@code --duration}.
 *
 * <p>Exit codes: 0 after a clean stop, 1 when starting or stopping failed, 2 on bad options.
 *
 * <p>Its usage calls it {@code slipstream-demo}, the repository's script, unless system property
 * {@code slipstream.command.name} names the launcher that started it (the distribution's {@code
 * bin/slipstream-local-run}).
 */
@Command(
    name = "${sys:slipstream.command.name:-slipstream-demo}",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the whole Slipstream pipeline locally: broker, schema registry, example SLOs,"
          + " processor, and load with an incident, time-accelerated. Ctrl-C stops everything.",
      ""
    })
public final class LocalRunMain implements Callable<Integer> {

  /** How long Ctrl-C during startup waits for it to finish before exiting regardless. */
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

  /** The classpath resource with the local run's logging configuration. */
  public static final String LOGGING = "io/slipstream/localrun/local-run-logback.xml";

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this much wall time, e.g. 5m (default: until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--acceleration",
      defaultValue = "60",
      description =
          "Simulated seconds per wall-clock second (default ${DEFAULT-VALUE}: an hour a minute).")
  double acceleration;

  @Option(
      names = "--rate",
      defaultValue = "400",
      description = "Requests per wall-clock second over all services (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--history",
      defaultValue = "3h",
      converter = DurationConverter.class,
      description =
          "Clean traffic played as fast as possible first, so the long windows and the budget have"
              + " a past (default ${DEFAULT-VALUE}; at most 36h; 0s: none).")
  Duration history;

  @Option(
      names = "--warm-up",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "Clean traffic before the first outage, simulated (default ${DEFAULT-VALUE}).")
  Duration warmUp;

  @Option(
      names = "--outage",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long each outage lasts, simulated (default ${DEFAULT-VALUE}).")
  Duration outage;

  @Option(
      names = "--outage-error-ratio",
      defaultValue = "0.2",
      description = "Share of failing requests during an outage (default ${DEFAULT-VALUE}).")
  double outageErrorRatio;

  @Option(
      names = "--recovery",
      defaultValue = "110m",
      converter = DurationConverter.class,
      description =
          "Clean traffic after an outage before the next one, simulated (default ${DEFAULT-VALUE}).")
  Duration recovery;

  @Option(
      names = "--outage-service",
      defaultValue = "checkout",
      description = "The service the outage hits (default ${DEFAULT-VALUE}).")
  String outageService;

  @Option(
      names = "--seed",
      defaultValue = "" + LocalRun.DEFAULT_SEED,
      description =
          "Seed of the load (default ${DEFAULT-VALUE}): the same seed plays the same events at the"
              + " same simulated times, so runs show the same budgets and burn rates at the same"
              + " T+.")
  long seed;

  @Option(
      names = "--slo-dir",
      defaultValue = "examples/slos",
      description = "OpenSLO files to publish (default ${DEFAULT-VALUE}).")
  Path sloDirectory;

  @Option(
      names = "--documents",
      split = ",",
      description =
          "Directories of SLAs and corrections to publish (default: slas and corrections beside"
              + " --slo-dir, i.e. examples/slas,examples/corrections); each correction is moved to"
              + " end at T+0, keeping its length.")
  List<Path> documentDirectories;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of the topics it creates (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description =
          "Kafka brokers of the embedded stack (default ${DEFAULT-VALUE}, in this JVM); more form"
              + " a replicated cluster, one JVM each: replication factor 3, min.insync.replicas 2.")
  int brokers;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "The processor's query API and dashboard port (default ${DEFAULT-VALUE}; 0: a free one;"
              + " -1: no HTTP server).")
  int httpPort;

  @Option(
      names = "--summary-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Wall time between burn-rate summaries (default ${DEFAULT-VALUE}; 0s: none).")
  Duration summaryInterval;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Use this Kafka cluster instead of the embedded broker (env KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description =
          "Its Confluent-compatible schema registry (env SLIPSTREAM_SCHEMA_REGISTRY_URL).")
  String schemaRegistryUrl;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client setting for every client, repeatable: security.protocol=SASL_SSL,"
              + " sasl.jaas.config=..., schema.registry.* and basic.auth.* reach the serdes too.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--application-id",
      description = "The processor's application id (default: slipstream-local-<random>).")
  String applicationId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream out;
  private final Map<String, String> environment;

  /** Prints to {@code System.out} and reads the process environment. */
  public LocalRunMain() {
    this(System.out, System.getenv());
  }

  LocalRunMain(PrintStream out, Map<String, String> environment) {
    this.out = out;
    this.environment = environment;
  }

  /** Whether {@code port} can be bound on the loopback address, where the dashboard listens. */
  static boolean portFree(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Runs until Ctrl-C or {@code --duration}, then exits with the code. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGGING);
    }
    System.exit(new CommandLine(new LocalRunMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (httpPort > 0 && !portFree(httpPort)) {
      // Said in one line, before anything starts: nothing to stop, no stack trace to read.
      out.println(
          "Port "
              + httpPort
              + " (the dashboard and query API) is in use: pick another with --http-port N,"
              + " or --http-port 0 for a free one.");
      return 2;
    }
    LocalRun.Settings settings = settings();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch startupOver = new CountDownLatch(1);
    AtomicReference<LocalRun> running = new AtomicReference<>();
    AtomicBoolean shuttingDown = new AtomicBoolean();
    // Ctrl-C and SIGTERM run the shutdown hooks; the JVM waits for this one, so everything is
    // stopped (and the registry's JVM ended) before the process exits. Ctrl-C during startup
    // waits for the startup to finish (main keeps running meanwhile), then stops what it started.
    Thread hook =
        new Thread(
            () -> {
              shuttingDown.set(true);
              try {
                if (!startupOver.await(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                  out.println("Startup did not finish within " + STARTUP_WAIT + "; exiting.");
                }
                LocalRun run = running.get();
                if (run != null) {
                  out.println("Stopping ...");
                  run.close();
                  out.println("Stopped.");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                stopped.countDown();
              }
            },
            "local-run-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LocalRun run;
    try {
      run = LocalRun.start(settings, out);
      running.set(run);
    } catch (RuntimeException e) {
      if (shuttingDown.get()) {
        // Ctrl-C during startup: the child processes were stopped under it; nothing to report.
        out.println("Stopped during startup.");
        return 130;
      }
      out.println("Could not start: " + e.getMessage());
      e.printStackTrace(out);
      return 1;
    } finally {
      startupOver.countDown();
    }
    out.println(
        duration == null
            ? "Running until Ctrl-C."
            : "Running for " + ConsoleFormat.duration(duration) + " (or until Ctrl-C).");
    boolean interrupted =
        duration == null
            ? awaitForever(stopped)
            : stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    if (!interrupted) {
      // --duration elapsed: stop here; the hook then finds nothing left to do.
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        return 0; // shutting down already: the hook stops everything
      }
      out.println("Stopping ...");
      try {
        run.close();
      } catch (RuntimeException e) {
        out.println("Stopping failed: " + e.getMessage());
        return 1;
      }
      out.println("Stopped.");
    }
    return 0;
  }

  private static boolean awaitForever(CountDownLatch stopped) throws InterruptedException {
    stopped.await();
    return true;
  }

  /**
   * The run's settings from the options, falling back to the environment for the cluster.
   *
   * @throws CommandLine.ParameterException naming the bad option
   */
  LocalRun.Settings settings() {
    String servers =
        bootstrapServers != null ? bootstrapServers : environment.get("KAFKA_BOOTSTRAP_SERVERS");
    String registry =
        schemaRegistryUrl != null
            ? schemaRegistryUrl
            : environment.get("SLIPSTREAM_SCHEMA_REGISTRY_URL");
    if ((servers == null) != (registry == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give both --bootstrap-servers and --schema-registry-url (or neither, for the embedded"
              + " stack)");
    }
    if (!Files.isDirectory(sloDirectory)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--slo-dir " + sloDirectory + " is not a directory (run from the repository's root)");
    }
    List<Path> documents =
        documentDirectories != null ? documentDirectories : besides(sloDirectory);
    for (Path directory : documents) {
      if (!Files.isDirectory(directory)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--documents " + directory + " is not a directory (run from the repository's root)");
      }
    }
    if (!(acceleration >= 1)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--acceleration must be at least 1, was " + acceleration);
    }
    if (!(rate > 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rate must be positive, was " + rate);
    }
    try {
      return new LocalRun.Settings(
          servers,
          registry,
          brokers,
          kafkaProperties,
          sloDirectory,
          documents,
          new Scenario(outageService, warmUp, outage, outageErrorRatio, recovery),
          history,
          acceleration,
          rate,
          partitions,
          httpPort,
          summaryInterval,
          applicationId != null
              ? applicationId
              : "slipstream-local-" + UUID.randomUUID().toString().substring(0, 8),
          seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Lets picocli read durations in Slipstream's grammar, such as {@code 90s}, {@code 1h} or {@code
   * PT1M}; zero is allowed, as some options read {@code 0s} as "none".
   */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return io.slipstream.contracts.DurationText.parseNonNegative(value);
    }
  }

  /** The SLA and correction directories beside {@code sloDirectory} that exist. */
  private static List<Path> besides(Path sloDirectory) {
    Path parent = sloDirectory.toAbsolutePath().normalize().getParent();
    if (parent == null) {
      return List.of();
    }
    return java.util.stream.Stream.of("slas", "corrections")
        .map(parent::resolve)
        .filter(Files::isDirectory)
        .toList();
  }
}
