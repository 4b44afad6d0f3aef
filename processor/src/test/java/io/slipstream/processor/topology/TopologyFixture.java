package io.slipstream.processor.topology;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology in a {@link TopologyTestDriver}, with its production configuration,
 * serdes talking to a real schema registry, and typed test topics written and read with the serdes
 * of their {@link Topic}s.
 */
final class TopologyFixture implements AutoCloseable {
  final Topics topics;
  final RejectionCounts rejections = new RejectionCounts();
  final TopologyTestDriver driver;
  final TestInputTopic<String, RequestEvent> requestEvents;
  final TestInputTopic<String, ResourceSample> resourceSamples;
  final TestInputTopic<String, byte[]> rawRequestEvents;
  final TestOutputTopic<String, SliSnapshot> sliSnapshots;
  final TestOutputTopic<byte[], byte[]> requestEventsDlq;
  final TestOutputTopic<byte[], byte[]> resourceSamplesDlq;
  final TestInputTopic<String, String> sloDefinitions;
  final TestInputTopic<String, String> sloCorrections;
  final TestInputTopic<String, String> slaDefinitions;
  final TestOutputTopic<String, io.slipstream.avro.SlaPeriodReport> slaReports;
  final TestOutputTopic<String, BurnRateEvaluation> sloBurnRates;
  final TestOutputTopic<String, SloAlert> sloAlerts;
  private final Path stateDir;
  private final String registryUrl;
  private final String topicPrefix;
  private final SliSettings settings;
  private final SloSettings sloSettings;
  private final InputLag inputLag;
  private final boolean restartable;

  TopologyFixture(String registryUrl, String topicPrefix, SliSettings settings, Instant wallClock) {
    this(
        registryUrl,
        topicPrefix,
        settings,
        SloSettings.defaults(),
        wallClock,
        InputLag.ALWAYS_CAUGHT_UP);
  }

  /**
   * @param inputLag what the processor is told about its inputs' backlog: the test knows what it
   *     has yet to deliver
   */
  TopologyFixture(
      String registryUrl,
      String topicPrefix,
      SliSettings settings,
      SloSettings sloSettings,
      Instant wallClock,
      InputLag inputLag) {
    this(registryUrl, topicPrefix, settings, sloSettings, wallClock, inputLag, null);
  }

  /** A fixture that can be {@link #restarted} on its stores. */
  static TopologyFixture restartable(
      String registryUrl,
      String topicPrefix,
      SliSettings settings,
      SloSettings sloSettings,
      Instant wallClock) {
    return new TopologyFixture(
        registryUrl,
        topicPrefix,
        settings,
        sloSettings,
        wallClock,
        InputLag.ALWAYS_CAUGHT_UP,
        newStateDir());
  }

  private TopologyFixture(
      String registryUrl,
      String topicPrefix,
      SliSettings settings,
      SloSettings sloSettings,
      Instant wallClock,
      InputLag inputLag,
      Path restartState) {
    this.restartable = restartState != null;
    this.stateDir = restartable ? restartState : newStateDir();
    this.registryUrl = registryUrl;
    this.topicPrefix = topicPrefix;
    this.settings = settings;
    this.sloSettings = sloSettings;
    this.inputLag = inputLag;
    topics = Topics.withPrefix(topicPrefix);
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, topicPrefix + "slipstream");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    // A restartable fixture keeps its stores at least once: the test driver records no changelog
    // offsets in its checkpoint, and under exactly-once Kafka Streams wipes a store that has none
    // when the task starts. What a restart restores is the stores' contents either way.
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        restartable ? StreamsConfig.AT_LEAST_ONCE : StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            SlipstreamTopology.build(
                settings,
                sloSettings,
                topics,
                serdeConfig,
                OutputSerializers.configured(topics, serdeConfig),
                new SloRegistry(),
                new io.slipstream.processor.slo.corrections.CorrectionRegistry(),
                new io.slipstream.processor.slo.sla.SlaRegistry(),
                rejections,
                inputLag),
            props,
            wallClock);

    requestEvents = input(topics.requestEvents(), serdeConfig);
    resourceSamples = input(topics.resourceSamples(), serdeConfig);
    // Bytes that need not decode, on the request-events topic: the dead-letter path.
    rawRequestEvents =
        driver.createInputTopic(
            topics.requestEvents().name(),
            topics.requestEvents().keySerializer(serdeConfig),
            new ByteArraySerializer());
    sliSnapshots = output(topics.sliSnapshots(), serdeConfig);
    requestEventsDlq = output(topics.requestEventsDlq(), serdeConfig);
    resourceSamplesDlq = output(topics.resourceSamplesDlq(), serdeConfig);
    sloDefinitions = input(topics.sloDefinitions(), serdeConfig);
    sloCorrections = input(topics.sloCorrections(), serdeConfig);
    slaDefinitions = input(topics.slaDefinitions(), serdeConfig);
    slaReports = output(topics.slaReports(), serdeConfig);
    sloBurnRates = output(topics.sloBurnRates(), serdeConfig);
    sloAlerts = output(topics.sloAlerts(), serdeConfig);
  }

  private static Path newStateDir() {
    try {
      return Files.createTempDirectory("slipstream-ttd-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Kills this processor and starts it again on the state it had committed, at wall-clock time
   * {@code wallClock}; this fixture is closed. The test driver commits after every input record,
   * flushing the stores to disk, so a copy of the state directory is what a crash right after that
   * commit leaves (closing the driver would delete it). A restarted processor rebuilds its
   * accounting from its stores, as after a crash once the changelogs are restored.
   */
  @SuppressWarnings("deprecation") // StateStore.flush: the test driver offers no other way to it
  TopologyFixture restarted(Instant wallClock) {
    if (!restartable) {
      throw new IllegalStateException("not a restartable fixture: see restartable(...)");
    }
    // What the last commit wrote is in RocksDB's memtables (Kafka Streams writes no log): closing
    // a store writes it to disk, where the copy finds it.
    driver
        .getAllStateStores()
        .values()
        .forEach(org.apache.kafka.streams.processor.StateStore::close);
    Path copy = newStateDir();
    try (var files = Files.walk(stateDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(stateDir.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("LOCK")) {
          Files.copy(file, target);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      driver.close();
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException crashed) {
      // The driver's own close commits into the stores closed above: the crash it stands for.
    }
    org.apache.kafka.common.utils.Utils.closeQuietly(
        () -> org.apache.kafka.common.utils.Utils.delete(stateDir.toFile()), "state dir");
    return new TopologyFixture(
        registryUrl, topicPrefix, settings, sloSettings, wallClock, inputLag, copy);
  }

  private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic, Map<String, ?> serdeConfig) {
    return driver.createInputTopic(
        topic.name(), topic.keySerializer(serdeConfig), topic.valueSerializer(serdeConfig));
  }

  private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic, Map<String, ?> serdeConfig) {
    return driver.createOutputTopic(
        topic.name(), topic.keyDeserializer(serdeConfig), topic.valueDeserializer(serdeConfig));
  }

  /**
   * A fixture for replaying recorded or generated event time: no limit on events ahead of the wall
   * clock, and events up to {@code maxAge} behind it accepted.
   */
  static TopologyFixture replaying(
      String registryUrl, String topicPrefix, Instant wallClock, java.time.Duration maxAge) {
    return new TopologyFixture(registryUrl, topicPrefix, replaySettings(maxAge), wallClock);
  }

  /**
   * The SLI settings of a replay: no limit on events ahead of the wall clock, and events up to
   * {@code maxAge} behind it accepted.
   */
  static SliSettings replaySettings(java.time.Duration maxAge) {
    return SliSettings.defaults()
        .withLimits(
            io.slipstream.processor.validation.ValidationLimits.defaults()
                .withMaxFutureSkew(null)
                .withMaxAge(maxAge));
  }

  /**
   * A schema registry URL of its own, held in this process ({@code mem://}): topology tests need no
   * registry and no broker.
   */
  static String inMemoryRegistry() {
    return "mem://" + java.util.UUID.randomUUID();
  }

  /** A topic prefix of its own, so fixtures sharing a JVM never share topics or stores. */
  static String uniquePrefix() {
    return java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  @SuppressWarnings("unchecked") // the driver returns stores untyped; the caller names their types
  <K, V> io.slipstream.processor.store.LiveWindowStore<K, V> store(String name) {
    return (io.slipstream.processor.store.LiveWindowStore<K, V>) driver.getStateStore(name);
  }

  /** Puts the SLO defined in {@code file} (OpenSLO YAML) in force under {@code id}. */
  void define(String id, java.nio.file.Path file) {
    try {
      sloDefinitions.pipeInput(id, Files.readString(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void send(RequestEvent event) {
    requestEvents.pipeInput(event.getService(), event);
  }

  void send(ResourceSample sample) {
    resourceSamples.pipeInput(sample.getService(), sample);
  }

  static RequestEvent event(
      String service, String operation, long timestampMs, long latencyMicros, int status) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation(operation)
        .setTimestamp(Instant.ofEpochMilli(timestampMs))
        .setLatencyMicros(latencyMicros)
        .setStatusCode(status)
        .setOutcome(
            status >= 500 ? Outcome.ERROR : status >= 400 ? Outcome.CLIENT_ERROR : Outcome.SUCCESS)
        .setTraceId(String.format("%032x", timestampMs * 1000 + latencyMicros))
        .build();
  }

  static ResourceSample sample(
      String service, String instance, long timestampMs, double cpu, double memory) {
    return ResourceSample.newBuilder()
        .setService(service)
        .setInstance(instance)
        .setTimestamp(Instant.ofEpochMilli(timestampMs))
        .setCpuUtilization(cpu)
        .setMemoryUtilization(memory)
        .build();
  }

  @Override
  public void close() {
    driver.close();
    org.apache.kafka.common.utils.Utils.closeQuietly(
        () -> org.apache.kafka.common.utils.Utils.delete(stateDir.toFile()), "state dir");
  }
}
