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
    try {
      stateDir = Files.createTempDirectory("slipstream-ttd-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    topics = Topics.withPrefix(topicPrefix);
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, topicPrefix + "slipstream");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
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
