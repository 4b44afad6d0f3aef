package io.slipstream.processor.reliability;

import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topics;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ConsumerLag;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.TopicSetup;
import io.slipstream.processor.topology.PageRuleOracle;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Slipstream pipeline on a given cluster and registry, under names of its own: its topics (all
 * of them, created up front), the page-rule SLO in force, and the settings of the processor
 * instances that run it.
 */
final class FaultPipeline {
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(90);

  private final String bootstrapServers;
  private final String registryUrl;
  private final String applicationId;
  private final String prefix;
  private final Topics topics;

  FaultPipeline(String bootstrapServers, String registryUrl, TestResources resources) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.applicationId = resources.applicationId("slipstream");
    this.prefix = resources.suffix() + "-";
    this.topics = Topics.withPrefix(prefix);
  }

  /** Every topic of the pipeline, under its names. */
  Topics topics() {
    return topics;
  }

  /** The input topics, as the publisher names them. */
  IngestTopics ingestTopics() {
    return IngestTopics.from(topics);
  }

  /** Creates every topic (2 partitions for the inputs) and puts the page-rule SLO in force. */
  void createWithSlo() throws Exception {
    createWithSlo(PageRuleOracle.SLO);
  }

  /** Creates every topic (2 partitions for the inputs) and puts {@code sloYaml} in force. */
  void createWithSlo(String sloYaml) throws Exception {
    createWithSlo(sloYaml, 2);
  }

  /** Creates every topic ({@code partitions} for the inputs) and puts {@code sloYaml} in force. */
  void createWithSlo(String sloYaml, int partitions) throws Exception {
    createWithSlo(PageRuleOracle.SLO_ID, sloYaml, partitions);
  }

  /** As {@link #createWithSlo(String, int)}, for an SLO of another id than the page-rule SLO's. */
  void createWithSlo(String sloId, String sloYaml, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicSetup.ensure(admin, topics, partitions);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topics.sloDefinitions().name(), sloId, sloYaml)).get();
    }
  }

  /** Puts the SLA {@code slaYaml} in force under {@code slaId}. */
  void publishSla(String slaId, String slaYaml) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topics.slaDefinitions().name(), slaId, slaYaml)).get();
    }
  }

  /** Sends the events keyed by service and waits until all are acknowledged. */
  void produce(List<RequestEvent> events) {
    send(events, RequestEvent::getService);
  }

  /** Sends resource samples keyed by service and waits until all are acknowledged. */
  void produceSamples(List<io.slipstream.avro.ResourceSample> samples) {
    send(samples, topics.resourceSamples().name(), s -> s.getService());
  }

  /**
   * Sends request events of another schema, keyed by service, and waits for the acknowledgements.
   */
  void produceEvolved(List<GenericRecord> events) {
    send(events, event -> event.get("service").toString());
  }

  /**
   * Sends the events keyed by service, each record stamped with its event time (as a replay of
   * history through a client that sets record timestamps does), and waits for the acknowledgements.
   */
  void produceStamped(List<RequestEvent> events) {
    send(
        events,
        topics.requestEvents().name(),
        RequestEvent::getService,
        e -> e.getTimestamp().toEpochMilli());
  }

  /** Sends resource samples keyed by service, each record stamped with its event time. */
  void produceSamplesStamped(List<io.slipstream.avro.ResourceSample> samples) {
    send(
        samples,
        topics.resourceSamples().name(),
        s -> s.getService(),
        s -> s.getTimestamp().toEpochMilli());
  }

  private <T extends IndexedRecord> void send(List<T> events, Function<T, String> service) {
    send(events, topics.requestEvents().name(), service);
  }

  private <T extends IndexedRecord> void send(
      List<T> events, String topic, Function<T, String> service) {
    send(events, topic, service, event -> null);
  }

  private <T extends IndexedRecord> void send(
      List<T> events,
      String topic,
      Function<T, String> service,
      Function<T, Long> recordTimestamp) {
    AvroSerializer<T> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, registryUrl), false);
    try (KafkaProducer<String, T> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(), serializer)) {
      for (T event : events) {
        producer.send(
            new ProducerRecord<>(
                topic, null, recordTimestamp.apply(event), service.apply(event), event));
      }
      producer.flush();
    }
  }

  /**
   * Settings of a processor instance of this pipeline: exactly-once (the default), one stream
   * thread, frequent commits so a kill finds work in flight, and a static group member id so a
   * restarted instance takes its partitions back without waiting for the session to expire.
   */
  Map<String, String> processorSettings(Path stateDir) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrapServers);
    settings.put("application.id", applicationId);
    settings.put("state.dir", stateDir.toString());
    settings.put("num.stream.threads", "1");
    settings.put("commit.interval.ms", "100");
    settings.put("group.instance.id", applicationId + "-instance");
    settings.put("session.timeout.ms", "10000");
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
    settings.put(ProcessorConfig.TOPIC_PREFIX, prefix);
    settings.put(ProcessorConfig.CREATE_TOPICS, "false");
    settings.put(ProcessorConfig.HTTP_PORT, "0");
    settings.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    return settings;
  }

  /**
   * Settings of one of several instances of this pipeline: its own static member id, its query API
   * on {@code httpPort} (advertised to the others as 127.0.0.1, for forwarding), and {@code
   * standbys} warm copies of each task's state on other instances.
   */
  Map<String, String> instanceSettings(Path stateDir, String instance, int httpPort, int standbys) {
    Map<String, String> settings = processorSettings(stateDir);
    settings.put("group.instance.id", applicationId + "-" + instance);
    settings.put("num.standby.replicas", Integer.toString(standbys));
    settings.put(ProcessorConfig.HTTP_PORT, Integer.toString(httpPort));
    settings.put(ProcessorConfig.HTTP_ADVERTISED_HOST, "127.0.0.1");
    return settings;
  }

  /** The static member id of {@code instance}, as {@link #instanceSettings} gives it. */
  String memberId(String instance) {
    return applicationId + "-" + instance;
  }

  /** The request-events topic of this pipeline. */
  String requestEventsTopic() {
    return topics.requestEvents().name();
  }

  /** The schema registry this pipeline's records are written with. */
  String registryUrl() {
    return registryUrl;
  }

  /** The cluster this pipeline runs on. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Settings of a processor replaying history: events are judged old or ahead against event-time
   * progress alone, not the processor's clock.
   */
  Map<String, String> replaySettings(Path stateDir) {
    Map<String, String> settings = processorSettings(stateDir);
    settings.put(ProcessorConfig.MAX_AGE, "none");
    settings.put(ProcessorConfig.MAX_FUTURE_SKEW, "none");
    return settings;
  }

  /** The Kafka Streams application id of the pipeline's processor instances. */
  String applicationId() {
    return applicationId;
  }

  /** Request events not yet committed as processed; the whole topic before the first commit. */
  long lag() throws Exception {
    return ConsumerLag.of(bootstrapServers, applicationId, topics.requestEvents().name());
  }

  /** Resource samples not yet committed as processed. */
  long sampleLag() throws Exception {
    return ConsumerLag.of(bootstrapServers, applicationId, topics.resourceSamples().name());
  }

  /** Waits until every request event has been processed and committed. */
  void awaitCaughtUp() {
    await("the processor has committed every request event")
        .atMost(CATCH_UP_LIMIT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> lag() == 0);
  }

  /** Waits until every request event and resource sample has been processed and committed. */
  void awaitBothInputsCaughtUp() {
    awaitBothInputsCaughtUp(CATCH_UP_LIMIT);
  }

  /** Waits up to {@code limit} until every input record has been processed and committed. */
  void awaitBothInputsCaughtUp(Duration limit) {
    await("the processor has committed every request event and resource sample")
        .atMost(limit)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> lag() == 0 && sampleLag() == 0);
  }

  /** Everything the pipeline has published, read committed. */
  PublishedOutputs published() {
    return PublishedOutputs.read(bootstrapServers, registryUrl, topics);
  }

  /** Burn rates, alerts and the dead-letter count the pipeline has published, read committed. */
  PublishedOutputs publishedAlerting() {
    return PublishedOutputs.readAlerting(bootstrapServers, registryUrl, topics);
  }

  private Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    return props;
  }
}
