package io.slipstream.localrun;

import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topics;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.localstack.EmbeddedLocalStack;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SliSettingsFromConfig;
import io.slipstream.processor.app.TopicSetup;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local pipeline, started in order and stopped in reverse: the stack (embedded, or a real
 * cluster and registry), the topics, the example SLOs, one processor, the console and the load.
 *
 * <p>Everything it starts is registered as it starts, so a failure half-way stops what already
 * runs, and {@link #close()} leaves nothing behind: no thread, no child process (the registry's
 * JVM), no temporary directory.
 */
public final class LocalRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

  /**
   * How far in the past the live run's simulated time starts, at least (see {@link
   * #simulatedStart(Instant)}). Its events stay behind the wall clock for the first 6 to 7 hours of
   * simulated time (6 to 7 minutes at 60x), which any cluster accepts; after that they run ahead,
   * which the topics this run creates accept (see {@link TopicSetup#STAMPED_ON_APPEND}), and so
   * does the processor the run starts ({@code slipstream.max.future.skew=none}).
   */
  static final Duration SIMULATION_LEAD = Duration.ofHours(6);

  /**
   * The longest history: with the lead rounded down to a whole hour, its first events are less than
   * 43 hours behind the wall clock, and the processor refuses events more than 2 days behind
   * ({@code slipstream.max.age}) as too old.
   */
  static final Duration MAX_HISTORY = Duration.ofHours(36);

  /** The load's seed unless another is given: every run with it plays the same events. */
  public static final long DEFAULT_SEED = 1;

  /** The processor's HTTP port setting, if the processor serves its API and dashboard. */
  static final String HTTP_PORT = "slipstream.http.port";

  /**
   * What to run.
   *
   * @param bootstrapServers a real cluster, or null to start the embedded stack
   * @param schemaRegistryUrl the real cluster's registry (required with {@code bootstrapServers})
   * @param brokers the embedded stack's Kafka brokers: 1 in this JVM, or more as a replicated
   *     cluster of child JVMs (see {@link io.slipstream.localstack.KafkaCluster}); 1 with a real
   *     cluster
   * @param kafkaProperties passed to every Kafka client (security settings); {@code
   *     schema.registry.*} and {@code basic.auth.*} keys go to the serdes too
   * @param sloDirectory the OpenSLO files to publish
   * @param documentDirectories SLAs and corrections to publish (see {@link ExampleDocuments})
   * @param scenario the incident to play
   * @param history clean traffic played fast before the scenario, so that long windows and the
   *     budget have a past
   * @param acceleration simulated seconds per wall-clock second
   * @param ratePerSecond requests per wall-clock second
   * @param partitions partitions of the input and output topics
   * @param httpPort the processor's HTTP port for its query API and dashboard, when it has them (0:
   *     a free one; negative: no HTTP server)
   * @param summaryInterval wall time between two console summaries (zero: none)
   * @param applicationId the processor's application id (a fresh one per run by default)
   * @param seed the load's seed: the same seed plays the same events at the same simulated times
   *     (since T+0), so two runs show the same numbers at the same {@code T+}
   */
  public record Settings(
      String bootstrapServers,
      String schemaRegistryUrl,
      int brokers,
      Map<String, String> kafkaProperties,
      Path sloDirectory,
      List<Path> documentDirectories,
      Scenario scenario,
      Duration history,
      double acceleration,
      double ratePerSecond,
      int partitions,
      int httpPort,
      Duration summaryInterval,
      String applicationId,
      long seed) {
    public Settings {
      kafkaProperties = Map.copyOf(kafkaProperties);
      documentDirectories = List.copyOf(documentDirectories);
      if (history.isNegative() || history.compareTo(MAX_HISTORY) > 0) {
        throw new IllegalArgumentException(
            "history must be between 0 and "
                + ConsoleFormat.duration(MAX_HISTORY)
                + ", was "
                + history);
      }
      if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
        throw new IllegalArgumentException(
            "give both --bootstrap-servers and --schema-registry-url, or neither (embedded stack)");
      }
      if (brokers < 1) {
        throw new IllegalArgumentException("--brokers must be at least 1, was " + brokers);
      }
      if (bootstrapServers != null && brokers != 1) {
        throw new IllegalArgumentException(
            "--brokers sizes the embedded cluster; it cannot be given with --bootstrap-servers");
      }
    }

    boolean embedded() {
      return bootstrapServers == null;
    }
  }

  private final Deque<Step> started = new ArrayDeque<>();
  private final PrintStream out;
  private ConsoleReporter console;
  private LoadDriver load;
  private String dashboardUrl;
  private String bootstrapServers;
  private Path workDir;
  private Instant simulatedStart;
  private boolean closed;

  private LocalRun(PrintStream out) {
    this.out = out;
  }

  /** Something started, and how to stop it. */
  private record Step(String name, AutoCloseable stop) {}

  /**
   * Starts everything and returns once the load is playing.
   *
   * @throws IllegalStateException (or a Kafka exception) when a part fails to start; what started
   *     before it is stopped again
   */
  public static LocalRun start(Settings settings, PrintStream out) {
    LocalRun run = new LocalRun(out);
    try {
      run.startAll(settings);
      return run;
    } catch (RuntimeException e) {
      try {
        run.close();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
  }

  private void startAll(Settings settings) {
    Path workDir = createWorkDir();
    this.workDir = workDir;
    started.push(new Step("work directory " + workDir, () -> deleteRecursively(workDir)));

    String bootstrap = settings.bootstrapServers();
    String registryUrl = settings.schemaRegistryUrl();
    if (settings.embedded()) {
      say(
          settings.brokers() == 1
              ? "Starting the embedded Kafka broker and schema registry ..."
              : "Starting a cluster of "
                  + settings.brokers()
                  + " Kafka brokers (one JVM each) and the schema registry ...");
      EmbeddedLocalStack stack = EmbeddedLocalStack.start(settings.brokers());
      started.push(new Step("embedded stack", stack));
      bootstrap = stack.bootstrapServers();
      registryUrl = stack.schemaRegistryUrl();
    }
    say("Kafka " + bootstrap + ", schema registry " + registryUrl);
    this.bootstrapServers = bootstrap;

    Map<String, String> kafka = settings.kafkaProperties();
    Map<String, Object> serde = serdeConfig(kafka, registryUrl);
    Topics topics = Topics.defaults();
    try (Admin admin = Admin.create(adminConfig(bootstrap, kafka))) {
      List<String> created = TopicSetup.ensure(admin, topics, settings.partitions());
      say(
          created.isEmpty()
              ? "Topics exist already"
              : "Created topics " + String.join(", ", created));
    }

    publishSlos(bootstrap, kafka, topics, settings.sloDirectory());

    Instant simulatedStart = simulatedStart(Instant.now());
    this.simulatedStart = simulatedStart;
    publishDocuments(bootstrap, kafka, topics, settings.documentDirectories(), simulatedStart);
    console =
        new ConsoleReporter(
            bootstrap,
            kafka,
            serde,
            topics.sloAlerts(),
            topics.sloBurnRates(),
            List.of(topics.requestEventsDlq(), topics.resourceSamplesDlq()),
            out,
            simulatedStart,
            settings.summaryInterval(),
            this::loadStatus);
    started.push(new Step("console", console));

    Path stateDir = workDir.resolve("state");
    ProcessorConfig config = processorConfig(settings, bootstrap, registryUrl, stateDir);
    ProcessorStarter.Started processor =
        ProcessorStarter.start(
            config,
            SliSettingsFromConfig.read(config),
            SloSettings.defaults(),
            settings.httpPort() >= 0);
    started.push(new Step("processor", processor.instance()));
    console.start();
    say("Processor started (application id " + settings.applicationId() + ")");
    if (processor.httpPort().isPresent()) {
      dashboardUrl = "http://127.0.0.1:" + processor.httpPort().getAsInt() + "/";
      say("Dashboard and query API: " + dashboardUrl);
    }

    load =
        LoadDriver.start(
            new LoadDriver.Settings(
                bootstrap,
                registryUrl,
                kafka,
                stringValues(serde),
                IngestTopics.from(topics),
                settings.scenario(),
                settings.ratePerSecond(),
                settings.acceleration(),
                simulatedStart,
                settings.history(),
                settings.seed(),
                workDir.resolve("spool")));
    started.push(new Step("load generator", load));
    if (!settings.history().isZero()) {
      say(
          "Playing "
              + ConsoleFormat.duration(settings.history())
              + " of clean history first, as fast as it goes (T+0 is where it ends)");
    }
    say(
        String.format(
            Locale.ROOT,
            "Then %d services at %.0f requests/s, %.0fx accelerated (1 wall second = %s); %s",
            LoadDriver.SERVICES,
            settings.ratePerSecond(),
            settings.acceleration(),
            ConsoleFormat.duration(Duration.ofMillis(Math.round(settings.acceleration() * 1000))),
            settings.scenario().describe()));
    say("T+0 is " + simulatedStart + " in event time; load seed " + settings.seed());
  }

  /**
   * The simulated instant the live run starts at (T+0): {@link #SIMULATION_LEAD} behind {@code
   * now}, rounded down to a whole hour (so 6 to 7 hours behind).
   *
   * <p>Whole hours, so that every run's timeline lines up with the processor's grids: SLOs are
   * evaluated at every 10 s of event time on the epoch's grid, windows are counted in whole minutes
   * and the period in whole hours. With T+0 on an hour, a tick, minute or hour falls at the same
   * {@code T+} in every run, and the seeded load's events at the same {@code T+} are the same: the
   * same seed shows the same SLIs, budgets and burn rates at the same {@code T+}. (A calendar SLO's
   * week or month that begins inside the played time is the exception: its budget starts over at a
   * different {@code T+} on another day.)
   */
  static Instant simulatedStart(Instant now) {
    return now.minus(SIMULATION_LEAD).truncatedTo(ChronoUnit.HOURS);
  }

  /** Input records the processor dead-lettered since the console started, by reason. */
  public java.util.Map<String, Long> deadLetters() {
    return console == null ? java.util.Map.of() : console.deadLetters();
  }

  /** Every alert transition the console saw, in order. */
  public List<SloAlert> alerts() {
    return console == null ? List.of() : console.alerts();
  }

  /** The simulated instant the live run starts at (T+0), where the history ends. */
  Instant simulatedStart() {
    return simulatedStart;
  }

  /** The temporary directory holding state and spool; deleted by {@link #close()}. */
  Path workDir() {
    return workDir;
  }

  /** The Kafka cluster the run uses (the embedded broker's address when it started one). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Request events the load has handed to the publisher so far (0 before the load starts). */
  public long requestsSent() {
    return load == null ? 0 : load.requests();
  }

  /** Request events the publisher could not deliver so far. */
  public long requestsDropped() {
    return load == null ? 0 : load.dropped();
  }

  /** The dashboard's URL, when the processor serves one. */
  public Optional<String> dashboardUrl() {
    return Optional.ofNullable(dashboardUrl);
  }

  /** The load's failure, if it ended by itself. */
  Optional<Throwable> loadFailure() {
    return load == null ? Optional.empty() : Optional.ofNullable(load.failure());
  }

  private ConsoleFormat.LoadStatus loadStatus() {
    LoadDriver driver = load;
    if (driver == null) {
      return ConsoleFormat.LoadStatus.NOT_STARTED;
    }
    return new ConsoleFormat.LoadStatus(
        true, driver.live(), driver.simulatedElapsed(), driver.requests(), driver.dropped());
  }

  /**
   * Stops everything in reverse order of starting: load (its queue is sent first), processor, then
   * console, stack and work directory. Every step is attempted; the first failure is thrown with
   * the others suppressed. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      Step step = started.pop();
      long startNanos = System.nanoTime();
      try {
        step.stop().close();
        LOG.info(
            "stopped {} in {} ms",
            step.name(),
            Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
      } catch (Exception e) {
        LOG.error("stopping {} failed", step.name(), e);
        if (failure == null) {
          failure = new IllegalStateException("stopping the local run failed at " + step.name(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void publishSlos(
      String bootstrap, Map<String, String> kafka, Topics topics, Path directory) {
    try (SloDefinitionPublisher publisher =
        new SloDefinitionPublisher(
            bootstrap,
            kafka,
            topics.sloDefinitions().name(),
            SloDefinitionPublisher.DEFAULT_READ_TIMEOUT)) {
      SloDefinitionPublisher.Summary summary =
          publisher.publishDirectory(directory, SloDefinitionPublisher.Mode.UPSERT);
      say("Published SLOs from " + directory + ": " + String.join(", ", summary.published()));
      if (!summary.isClean()) {
        say("SLO definitions rejected:\n" + summary.errorReport());
      }
    }
  }

  private void publishDocuments(
      String bootstrap,
      Map<String, String> kafka,
      Topics topics,
      List<Path> directories,
      Instant liveFrom) {
    if (directories.isEmpty()) {
      return;
    }
    ExampleDocuments.Published published =
        ExampleDocuments.publish(bootstrap, kafka, topics, directories, liveFrom);
    if (!published.slas().isEmpty()) {
      say("Published SLAs: " + String.join(", ", published.slas()));
    }
    if (!published.corrections().isEmpty()) {
      say("Filed corrections, moved to end at T+0: " + String.join(", ", published.corrections()));
    }
    if (!published.refused().isEmpty()) {
      say("Documents refused:\n  " + String.join("\n  ", published.refused()));
    }
  }

  private static ProcessorConfig processorConfig(
      Settings settings, String bootstrap, String registryUrl, Path stateDir) {
    Map<String, String> config = new HashMap<>(settings.kafkaProperties());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
    // Events carry simulated time, hours ahead of the wall clock at 60x: accept any future.
    config.put(ProcessorConfig.MAX_FUTURE_SKEW, "none");
    if (settings.httpPort() >= 0) {
      config.put(HTTP_PORT, Integer.toString(settings.httpPort()));
      // The query API and dashboard are for this machine only.
      config.putIfAbsent("slipstream.http.host", "127.0.0.1");
    }
    return ProcessorConfig.of(config);
  }

  private static Map<String, Object> adminConfig(String bootstrap, Map<String, String> kafka) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return config;
  }

  /** The serdes' settings: the registry URL and any registry or credential keys given. */
  static Map<String, Object> serdeConfig(Map<String, String> kafka, String registryUrl) {
    Map<String, Object> serde = new HashMap<>();
    kafka.forEach(
        (key, value) -> {
          if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
            serde.put(key, value);
          }
        });
    serde.put(SchemaRegistrySettings.URL, registryUrl);
    return serde;
  }

  private static Map<String, String> stringValues(Map<String, Object> map) {
    Map<String, String> strings = new HashMap<>();
    map.forEach((key, value) -> strings.put(key, String.valueOf(value)));
    return strings;
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static Path createWorkDir() {
    try {
      return Files.createTempDirectory("slipstream-local-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory", e);
    }
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
