package io.slipstream.bench;

import io.slipstream.contracts.Topics;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SliSettingsFromConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.app.StreamsSettings;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one variant in a JVM of its own, started by {@link ThroughputBenchmark}: a fresh heap and
 * JIT per variant, so no variant profits from another's warm-up or pays for its garbage. Writes a
 * {@link RunResult} file; exits non-zero on failure, and at once when its parent goes away (its
 * stdin closes).
 *
 * <p>Arguments: {@code --variant --bootstrap-servers --registry-url --group --end-offsets=a,b
 * --state-dir --result --time-limit-seconds [--limit-is-cap] [--max-records] [--jfr=file]
 * [--slipstream-overrides=name=value,...]}.
 */
public final class VariantMain {
  private static final Logger LOG = LoggerFactory.getLogger(VariantMain.class);
  static final long SAMPLE_PERIOD_MILLIS = 2;

  private VariantMain() {}

  public static void main(String[] args) {
    exitWhenParentGoes();
    try {
      Flags flags = Flags.parse(args);
      Variant variant = Variant.fromId(flags.required("variant"));
      String jfr = flags.string("jfr", "");
      RunResult result;
      if (jfr.isEmpty()) {
        result = run(variant, flags);
      } else {
        try (Recording recording = profilingRecording(Path.of(jfr))) {
          recording.start();
          result = run(variant, flags);
          recording.stop();
        }
      }
      result.writeTo(Path.of(flags.required("result")));
      LOG.info(
          "{}: {} records in {} s = {} events/s",
          variant.id(),
          result.processedRecords(),
          String.format("%.2f", result.elapsedSeconds()),
          Math.round(result.eventsPerSecond()));
      System.exit(0);
    } catch (RuntimeException | IOException | ParseException e) {
      LOG.error("variant run failed", e);
      System.exit(1);
    }
  }

  private static RunResult run(Variant variant, Flags flags) {
    String bootstrapServers = flags.required("bootstrap-servers");
    String registryUrl = flags.required("registry-url");
    String group = flags.required("group");
    List<Long> endOffsets =
        Arrays.stream(flags.required("end-offsets").split(",")).map(Long::parseLong).toList();
    long topicRecords = endOffsets.stream().mapToLong(Long::longValue).sum();
    Topics topics = Topics.defaults();
    StreamsRun.Stop stop =
        new StreamsRun.Stop(
            flags.seconds("time-limit-seconds", Duration.ofMinutes(10)),
            flags.bool("limit-is-cap", false),
            flags.longValue("max-records", 0));
    Map<String, String> config =
        Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, group,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            StreamsConfig.STATE_DIR_CONFIG, flags.required("state-dir"),
            ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
    Map<String, String> slipstreamConfig = new HashMap<>(config);
    slipstreamConfig.putAll(
        BenchmarkOptions.parseSettings(flags.string("slipstream-overrides", "")));
    return switch (variant) {
      case PLAIN_CONSUMER ->
          PlainConsumerRun.run(
              bootstrapServers,
              registryUrl,
              topics.requestEvents(),
              group,
              endOffsets,
              stop.timeLimit());
      case SLIPSTREAM -> {
        // The processor's own settings as a user gives them (slipstream.max.age=none for a replay
        // of history, through --slipstream-overrides), else its defaults.
        ProcessorConfig processorConfig = ProcessorConfig.of(slipstreamConfig);
        try (SlipstreamProcessor processor =
                new SlipstreamProcessor(
                    processorConfig, SliSettingsFromConfig.read(processorConfig));
            CommittedOffsets offsets =
                new CommittedOffsets(bootstrapServers, group, topics.requestEvents().name())) {
          yield StreamsRun.run(
              variant,
              processor.streams(),
              offsets,
              topicRecords,
              stop,
              () ->
                  processor.rejections().snapshot().values().stream()
                      .mapToLong(Long::longValue)
                      .sum());
        }
      }
      case STREAMS_FLOOR -> {
        LongAdder latencySum = new LongAdder();
        KafkaStreams streams =
            new KafkaStreams(
                StreamsFloorTopology.build(
                    topics.requestEvents(),
                    Map.of(SchemaRegistrySettings.URL, registryUrl),
                    latencySum),
                StreamsSettings.streamsProperties(ProcessorConfig.of(config)));
        streams.setUncaughtExceptionHandler(
            exception -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        try (CommittedOffsets offsets =
            new CommittedOffsets(bootstrapServers, group, topics.requestEvents().name())) {
          RunResult result =
              StreamsRun.run(variant, streams, offsets, topicRecords, stop, () -> -1);
          LOG.debug("sum of latencies read: {}", latencySum.sum());
          yield result;
        }
      }
      case NAIVE_DSL, NAIVE_DSL_TUMBLING -> {
        // The same client settings as Slipstream's (exactly-once v2, a stream thread per core,
        // 1 s commits, lz4): the comparison is between topologies, not configurations.
        Properties properties = StreamsSettings.streamsProperties(ProcessorConfig.of(config));
        KafkaStreams streams =
            new KafkaStreams(
                NaiveSloTopology.build(
                    topics.requestEvents(),
                    Map.of(SchemaRegistrySettings.URL, registryUrl),
                    variant == Variant.NAIVE_DSL),
                properties);
        streams.setUncaughtExceptionHandler(
            exception -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        try (CommittedOffsets offsets =
            new CommittedOffsets(bootstrapServers, group, topics.requestEvents().name())) {
          yield StreamsRun.run(variant, streams, offsets, topicRecords, stop, () -> -1);
        }
      }
    };
  }

  /**
   * JDK's "profile" settings (allocation, lock and I/O events) with execution samples every {@value
   * #SAMPLE_PERIOD_MILLIS} ms instead of 10 ms, for enough samples in a run of a minute or two;
   * written to {@code file} when the recording stops.
   */
  private static Recording profilingRecording(Path file) throws IOException, ParseException {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(SAMPLE_PERIOD_MILLIS));
    recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(SAMPLE_PERIOD_MILLIS));
    recording.setName("slipstream-throughput");
    recording.setToDisk(true);
    recording.setDestination(file);
    return recording;
  }

  /** The parent holds our stdin open; when it exits, however it exits, stdin ends and so do we. */
  static void exitWhenParentGoes() {
    Thread watcher =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // Nothing is sent; the parent only ever closes the stream.
                }
              } catch (IOException e) {
                // A broken pipe means the same as end of stream.
              }
              LOG.warn("parent process went away; exiting");
              Runtime.getRuntime().halt(3);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
