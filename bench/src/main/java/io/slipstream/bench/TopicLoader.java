package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Slipstream's topics and fills the input topic with generated request events, keyed by
 * service, with the project's {@link AvroSerializer}. The Kafka timestamp of each record is its
 * event time, so the DSL baseline's default timestamp extractor sees the same times Slipstream
 * reads from the events.
 */
final class TopicLoader {
  private static final Logger LOG = LoggerFactory.getLogger(TopicLoader.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final long PROGRESS_EVERY = 1_000_000;

  private TopicLoader() {}

  /**
   * Creates the topics (input topics with {@code partitions} partitions) and writes {@code events}
   * events whose nominal times end at {@code lastEventTime}.
   *
   * @throws IllegalStateException if a topic cannot be created, a send fails, or the topic does not
   *     hold exactly {@code events} records afterwards
   */
  static LoadSummary load(
      String bootstrapServers,
      String registryUrl,
      Topics topics,
      BenchmarkOptions options,
      Instant lastEventTime) {
    long startNanos = System.nanoTime();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      createTopics(admin, topics, options.partitions());
      defineSlos(bootstrapServers, topics, options.slos());
      if (options.groupedSlo()) {
        defineGroupedSlo(bootstrapServers, topics);
      }
      LongAdder valueBytes = new LongAdder();
      produce(bootstrapServers, registryUrl, topics, options, lastEventTime, valueBytes);
      List<Long> endOffsets =
          endOffsets(admin, topics.requestEvents().name(), options.partitions());
      LoadSummary summary =
          new LoadSummary(
              options.events(),
              endOffsets,
              valueBytes.doubleValue() / options.events(),
              lastEventTime.minus(options.eventTimeSpan()),
              lastEventTime,
              Duration.ofNanos(System.nanoTime() - startNanos));
      if (summary.totalEndOffset() != options.events()) {
        throw new IllegalStateException(
            "topic "
                + topics.requestEvents().name()
                + " holds "
                + summary.totalEndOffset()
                + " records, expected "
                + options.events());
      }
      return summary;
    }
  }

  /**
   * Creates every topic of the {@link Topics} catalogue, so topics added later are created too:
   * with auto-creation off, Kafka Streams refuses to start without its source topics. Inputs must
   * share a partition count (Slipstream joins them in one task per partition); the others get the
   * same count, which suits them all.
   */
  private static void createTopics(Admin admin, Topics topics, int partitions) {
    short replication = 1;
    List<NewTopic> newTopics = new ArrayList<>();
    for (Topic<?, ?> topic : topics.all()) {
      newTopics.add(new NewTopic(topic.name(), partitions, replication));
    }
    await(admin.createTopics(newTopics).all(), "creating topics " + newTopics);
  }

  /**
   * Publishes {@code count} availability SLOs (99.9 %, 30 days, the default alert table), one on
   * each of the first services, to the definitions topic every Slipstream run reads.
   */
  /** An availability SLO of the first service, grouped by the attribute customer. */
  private static void defineGroupedSlo(String bootstrapServers, Topics topics) {
    String yaml =
        SloFleet.groupedByCustomer("by-customer", RequestEventGenerator.serviceName(0), 1_000_000);
    Topic<String, String> definitions = topics.sloDefinitions();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            definitions.keySerializer(Map.of()),
            definitions.valueSerializer(Map.of()))) {
      producer.send(new ProducerRecord<>(definitions.name(), "by-customer", yaml));
      producer.flush();
    }
  }

  private static void defineSlos(String bootstrapServers, Topics topics, int count) {
    SloFleet fleet = new SloFleet(Math.max(count, 1), 1, "30d");
    Topic<String, String> definitions = topics.sloDefinitions();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            definitions.keySerializer(Map.of()),
            definitions.valueSerializer(Map.of()))) {
      for (int i = 0; i < count; i++) {
        producer.send(
            new ProducerRecord<>(
                topics.sloDefinitions().name(),
                SloFleet.sloId(i),
                fleet.yaml(i, RequestEventGenerator.serviceName(i))));
      }
      producer.flush();
    }
  }

  private static void produce(
      String bootstrapServers,
      String registryUrl,
      Topics topics,
      BenchmarkOptions options,
      Instant lastEventTime,
      LongAdder valueBytes) {
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            options.compression(),
            // Large batches load faster; loading is not measured, the batch layout is what a busy
            // producer fleet would write anyway.
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            64L * 1024 * 1024);
    RequestEventGenerator generator =
        new RequestEventGenerator(
                options.seed(),
                options.events(),
                lastEventTime,
                options.eventTimeSpan(),
                options.maxDisorder(),
                options.tracedShare())
            .withCustomers(options.customers(), options.firstServiceShare())
            .withLateEvents(options.lateShare());
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (Producer<String, RequestEvent> producer =
        new KafkaProducer<>(
            config,
            topics.requestEvents().keySerializer(serdeConfig),
            topics.requestEvents().valueSerializer(serdeConfig))) {
      for (long i = 0; i < options.events(); i++) {
        Exception failed = failure.get();
        if (failed != null) {
          throw new IllegalStateException("sending request events failed", failed);
        }
        RequestEvent event = generator.next();
        producer.send(
            new ProducerRecord<>(
                topics.requestEvents().name(),
                null,
                event.getTimestamp().toEpochMilli(),
                event.getService(),
                event),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              } else {
                valueBytes.add(metadata.serializedValueSize());
              }
            });
        if ((i + 1) % PROGRESS_EVERY == 0) {
          LOG.info("loaded {} of {} events", i + 1, options.events());
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("sending request events failed", failure.get());
    }
  }

  private static List<Long> endOffsets(Admin admin, String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    var offsets = await(admin.listOffsets(request).all(), "listing end offsets of " + topic);
    List<Long> ends = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ends.add(offsets.get(new TopicPartition(topic, p)).offset());
    }
    return ends;
  }

  static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + ADMIN_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    }
  }
}
