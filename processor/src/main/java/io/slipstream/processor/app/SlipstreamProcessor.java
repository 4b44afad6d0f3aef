package io.slipstream.processor.app;

import io.slipstream.contracts.Topics;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.topology.OutputSerializers;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SlipstreamTopology;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.serde.SchemaRegistryException;
import io.slipstream.serde.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running processor instance: the topology wired to Kafka. Owns the {@link KafkaStreams} client
 * and closes it with a timeout, logging the outcome.
 */
public final class SlipstreamProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlipstreamProcessor.class);

  private final KafkaStreams streams;
  private final Topics topics;
  private final ProcessorConfig config;
  private final Map<String, Object> serdeConfig;
  private final RejectionCounts rejections = new RejectionCounts();
  private final ConsumerInputLag inputLag = new ConsumerInputLag();
  private final SloRegistry registry = new SloRegistry();
  private final CorrectionRegistry corrections = new CorrectionRegistry();
  private final SlaRegistry slas = new SlaRegistry();
  private final OutputSerializers outputs;
  private final StreamThreadFailurePolicy threadFailures = StreamThreadFailurePolicy.defaults();

  public SlipstreamProcessor(ProcessorConfig config, SliSettings settings) {
    this(config, settings, SloSettings.defaults());
  }

  public SlipstreamProcessor(
      ProcessorConfig config, SliSettings settings, SloSettings sloSettings) {
    // Kafka Streams formats a log text per record while an input is empty; see FormatLocale.
    FormatLocale.preferUsWhereEquivalent();
    this.config = config;
    this.topics = Topics.withPrefix(config.get(ProcessorConfig.TOPIC_PREFIX, ""));
    this.serdeConfig = StreamsSettings.serdeConfig(config);
    this.outputs = OutputSerializers.configured(topics, serdeConfig);
    rejections.expect(topics.requestEvents().name());
    rejections.expect(topics.resourceSamples().name());
    Topology topology =
        SlipstreamTopology.build(
            settings,
            sloSettings,
            topics,
            serdeConfig,
            outputs,
            registry,
            corrections,
            slas,
            rejections,
            inputLag);
    Properties properties = StreamsSettings.streamsProperties(config);
    this.streams = new KafkaStreams(topology, properties);
    inputLag.attach(streams);
    // Input never throws (bad records are dead-lettered), so what arrives here is the registry or
    // the cluster misbehaving (the thread is replaced and resumes from the last commit) or a bug,
    // which stops the client once it repeats rather than restarting the thread forever.
    streams.setUncaughtExceptionHandler(threadFailures);
  }

  /**
   * Creates whichever of Slipstream's topics are missing and registers the input topics' schemas
   * (unless {@value ProcessorConfig#CREATE_TOPICS} is false), fetches the schema ids of the outputs
   * if the registry answers, then starts processing; returns once processing has started.
   */
  public void start() {
    if (!"false".equalsIgnoreCase(config.get(ProcessorConfig.CREATE_TOPICS, "true"))) {
      Map<String, Object> adminConfig = new HashMap<>(config.kafkaSettings());
      adminConfig
          .keySet()
          .removeIf(key -> key.startsWith("schema.registry.") || key.equals("application.id"));
      try (Admin admin = Admin.create(adminConfig)) {
        List<String> created =
            TopicSetup.ensure(
                admin,
                topics,
                Integer.parseInt(config.get(ProcessorConfig.TOPIC_PARTITIONS, "2")),
                TopicSetup.replicationFactor(config.get(ProcessorConfig.TOPIC_REPLICATION_FACTOR)));
        if (!created.isEmpty()) {
          LOG.info("created topics {}", created);
        }
      }
      registerInputSchemas();
    }
    prefetchOutputSchemaIds();
    streams.start();
  }

  /**
   * Best effort: producers that register their schema themselves (Slipstream's publisher, by
   * default) do not need it, and processing does not either.
   */
  private void registerInputSchemas() {
    try {
      LOG.info(
          "input schemas registered (subject=id): {}",
          TopicSetup.registerInputSchemas(topics, serdeConfig));
    } catch (SchemaRegistryException e) {
      LOG.warn(
          "could not register the input schemas ({}); producers that only look their schema up"
              + " fail until it is registered",
          e.getMessage());
    }
  }

  /**
   * Best effort: with the ids cached, alerts and results keep flowing through a later registry
   * outage. Without them (registry down now, or refusing a schema) processing starts all the same
   * and the serializers ask again on first use, where a failure is retried from the last commit.
   */
  private void prefetchOutputSchemaIds() {
    try {
      outputs.prefetchSchemaIds(topics);
    } catch (WireFormatException e) {
      LOG.warn(
          "could not fetch the output schema ids at start ({}); they are fetched on first use,"
              + " which needs the schema registry then",
          e.getMessage());
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public Topics topics() {
    return topics;
  }

  /** The SLO definitions in force on this instance. */
  public SloRegistry registry() {
    return registry;
  }

  /** The corrections in force on this instance. */
  public CorrectionRegistry corrections() {
    return corrections;
  }

  /** The SLAs in force on this instance. */
  public SlaRegistry slas() {
    return slas;
  }

  public RejectionCounts rejections() {
    return rejections;
  }

  /**
   * The uncaught-exception policy of the stream threads: tells why it stopped the client, if it
   * did.
   */
  public StreamThreadFailurePolicy streamThreadFailures() {
    return threadFailures;
  }

  /**
   * Stops processing, waiting up to 30 s for a clean shutdown. The instance leaves the group, so
   * its partitions move to the other instances at once rather than after the session timeout.
   */
  @Override
  public void close() {
    boolean clean =
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    if (clean) {
      LOG.info("processor stopped cleanly");
    } else {
      LOG.warn(
          "processor did not stop within 30 s; state will be restored from changelogs on restart");
    }
  }
}
