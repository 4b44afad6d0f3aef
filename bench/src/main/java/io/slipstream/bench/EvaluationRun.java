package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SlipstreamTopology;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.processor.validation.ValidationLimits;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology ({@link SlipstreamTopology}, RocksDB stores, real Avro serdes against a
 * real registry) in a {@link TopologyTestDriver}, with a fleet of SLOs in force: every service
 * receives one event, so every SLO is accounted for, and then each event that moves event time to
 * the next 10 s boundary makes the task evaluate every SLO — the tick whose cost is measured,
 * including the commit that writes its results.
 */
final class EvaluationRun implements AutoCloseable {
  static final long EVALUATION_INTERVAL_MS = SloSettings.defaults().evaluationInterval().toMillis();

  private final SloFleet fleet;
  private final Topics topics = Topics.withPrefix("bench-");
  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, RequestEvent> requestEvents;
  private final long start;

  /**
   * @param start event time of the first events, a multiple of the evaluation interval
   */
  EvaluationRun(String registryUrl, SloFleet fleet, long start) {
    this(registryUrl, fleet, fleet.registry(), start);
  }

  /** A run of the SLOs in {@code slos}, which {@link #send} accounts for. */
  EvaluationRun(String registryUrl, SloRegistry slos, long start) {
    this(registryUrl, null, slos, start);
  }

  private EvaluationRun(String registryUrl, SloFleet fleet, SloRegistry slos, long start) {
    this.fleet = fleet;
    this.start = start;
    try {
      stateDir = Files.createTempDirectory("slipstream-evaluation-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-evaluation");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    SliSettings settings =
        SliSettings.defaults().withLimits(ValidationLimits.defaults().withMaxFutureSkew(null));
    driver =
        new TopologyTestDriver(
            SlipstreamTopology.build(
                settings,
                SloSettings.defaults(),
                topics,
                serdeConfig,
                slos,
                new CorrectionRegistry(),
                new SlaRegistry(),
                new RejectionCounts()),
            props,
            Instant.ofEpochMilli(start));
    requestEvents =
        driver.createInputTopic(
            topics.requestEvents().name(),
            topics.requestEvents().keySerializer(serdeConfig),
            topics.requestEvents().valueSerializer(serdeConfig));
  }

  /** One successful request for every service at the start time: every SLO gets accounted. */
  void accountEverySlo() {
    for (int service = 0; service < fleet.services(); service++) {
      send(service, start);
    }
    drain();
  }

  /**
   * Sends the event that starts evaluation tick {@code tick} (1, 2, …) and returns how long the
   * topology took to process and commit it, in nanoseconds.
   */
  long tick(int tick) {
    long time = start + tick * EVALUATION_INTERVAL_MS;
    long began = System.nanoTime();
    send(0, time);
    return System.nanoTime() - began;
  }

  /**
   * Discards everything the topology produced (results, changelogs), returning the number of
   * burn-rate evaluations among it.
   */
  long drain() {
    long burnRates = 0;
    for (String topic : driver.producedTopicNames()) {
      long records =
          driver
              .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
              .readRecordsToList()
              .size();
      if (topic.equals(topics.sloBurnRates().name())) {
        burnRates += records;
      }
    }
    return burnRates;
  }

  private void send(int service, long time) {
    send(SloFleet.request(service, time, false));
  }

  /** Pipes one request event into the topology, keyed by its service, at its own time. */
  void send(RequestEvent event) {
    requestEvents.pipeInput(event.getService(), event, event.getTimestamp().toEpochMilli());
  }

  @Override
  public void close() {
    driver.close();
    Utils.closeQuietly(() -> Utils.delete(stateDir.toFile()), "state dir");
  }
}
