package io.slipstream.processor.slo.definitions;

import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.OpenSloWriter;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinitionError;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes OpenSLO files to the compacted {@code slo-definitions} topic, in the form {@link
 * SloDefinitionLoader} reads: key = SLO id, value = {@link OpenSloWriter#write} of the definition
 * (one self-contained {@code kind: SLO} document, so a value never depends on another record), a
 * tombstone to remove one. The caller names the topic: the catalogue's {@code
 * io.slipstream.contracts.Topics.sloDefinitions()}.
 *
 * <p>A bad SLO never throws: the files are parsed together with {@link OpenSloParser}, every
 * problem is returned in the {@link Summary} (file, document, SLO, field path), and every valid
 * definition is still published. Failures of Kafka itself do throw ({@link KafkaException}): the
 * producer retries retriable errors until its {@code delivery.timeout.ms} (2 minutes by default).
 *
 * <p>With {@link Mode#PRUNE} the topic is first read to its end, {@code read_committed}, within the
 * read timeout, and every SLO on it that the files no longer define is removed with a tombstone,
 * with two safeguards against deleting an SLO by accident: an SLO named by an error (e.g. a file
 * edited into an invalid state) is kept, and nothing at all is removed when an error names no SLO
 * (an unreadable file or directory, broken YAML), because then the files' contents are not known.
 *
 * <p>Not thread-safe: one publish at a time. Close it to close its producer.
 */
public final class SloDefinitionPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloDefinitionPublisher.class);

  /** How long {@link Mode#PRUNE} waits, by default, to read the topic to its end: 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** What happens to SLOs on the topic that the files do not define. */
  public enum Mode {
    /** They stay: publish the files' definitions, touch nothing else. */
    UPSERT,
    /** They are removed with a tombstone, except those an error names (see the class comment). */
    PRUNE
  }

  /**
   * What one call did.
   *
   * @param published the ids written, in the order the files defined them
   * @param removed the ids tombstoned, sorted
   * @param retained with {@link Mode#PRUNE}: ids on the topic that the files do not define but that
   *     were kept because an error names them or names no SLO at all; sorted; empty otherwise
   * @param errors every problem with the files, in file order; the SLOs they concern were not
   *     published
   */
  public record Summary(
      List<String> published,
      List<String> removed,
      List<String> retained,
      List<SloDefinitionError> errors) {
    public Summary {
      published = List.copyOf(published);
      removed = List.copyOf(removed);
      retained = List.copyOf(retained);
      errors = List.copyOf(errors);
    }

    /** Whether there was no error. */
    public boolean isClean() {
      return errors.isEmpty();
    }

    /** One line per error, for logs and command-line output. */
    public String errorReport() {
      return errors.stream().map(SloDefinitionError::toString).collect(Collectors.joining("\n"));
    }
  }

  private final Producer<String, String> producer;
  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final Duration readTimeout;

  /**
   * A publisher with its own idempotent producer ({@code acks=all}).
   *
   * @param bootstrapServers the cluster
   * @param clientProperties further client settings for the producer and the prune consumer (e.g.
   *     {@code security.protocol}, SASL); they cannot change the servers, the serializers,
   *     idempotence, {@code acks} or the isolation level
   * @param topic the {@code slo-definitions} topic
   * @param readTimeout how long {@link Mode#PRUNE} may take to read the topic to its end
   */
  public SloDefinitionPublisher(
      String bootstrapServers,
      Map<String, ?> clientProperties,
      String topic,
      Duration readTimeout) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    this.consumerConfig = consumerConfig(bootstrapServers, clientProperties);
    this.producer =
        new KafkaProducer<>(
            producerConfig(bootstrapServers, clientProperties),
            new StringSerializer(),
            new StringSerializer());
  }

  /**
   * The producer's settings: {@code clientProperties}, then what the topic's contract needs. Acks
   * from all in-sync replicas and idempotence, so a retried send neither loses nor duplicates a
   * definition, and the record order per SLO is the order of the calls.
   */
  private static Map<String, Object> producerConfig(
      String bootstrapServers, Map<String, ?> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return config;
  }

  /**
   * The prune consumer's settings: {@code clientProperties}, then assigned partitions without a
   * group (nothing to commit), reading only committed records, as the processor does.
   */
  public static Map<String, Object> consumerConfig(
      String bootstrapServers, Map<String, ?> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Reading must not create the topic: it would get the broker's defaults, not compaction.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return config;
  }

  /**
   * Publishes the SLOs of every {@code *.yaml} and {@code *.yml} file directly in {@code directory}
   * (see {@link OpenSloParser#parseDirectory}). A directory that cannot be listed is reported as an
   * error naming it, and then nothing is pruned.
   *
   * @throws KafkaException when Kafka fails (see the class comment)
   */
  public Summary publishDirectory(Path directory, Mode mode) {
    SloParseResult parsed;
    try {
      parsed = OpenSloParser.parseDirectory(directory);
    } catch (IOException e) {
      parsed =
          new SloParseResult(
              List.of(),
              List.of(
                  new SloDefinitionError(
                      directory.toString(), -1, null, "", "cannot list directory: " + e)));
    }
    return publish(parsed, mode);
  }

  /**
   * Publishes the SLOs of {@code files}, parsed together (see {@link OpenSloParser#parseFiles}).
   *
   * @throws KafkaException when Kafka fails (see the class comment)
   */
  public Summary publishFiles(List<Path> files, Mode mode) {
    return publish(OpenSloParser.parseFiles(files), mode);
  }

  /**
   * Publishes the definitions of {@code parsed} and reports its errors; with {@link Mode#PRUNE}
   * removes what it does not define (see the class comment).
   *
   * @throws KafkaException when Kafka fails: the topic cannot be read to its end within the read
   *     timeout (a {@link TimeoutException}, and then nothing was written), or a send fails
   */
  public Summary publish(SloParseResult parsed, Mode mode) {
    List<SloDefinitionError> errors = new ArrayList<>(parsed.errors());
    Map<String, String> values = new LinkedHashMap<>();
    for (SloDefinition definition : parsed.definitions()) {
      try {
        values.put(definition.id(), OpenSloWriter.write(definition));
      } catch (IllegalArgumentException e) {
        // Only a definition built outside the parser can get here; report it like a bad file.
        errors.add(
            new SloDefinitionError(
                SloDefinitionTopic.sourceName(definition.id()),
                -1,
                definition.id(),
                "",
                "cannot be published: " + e.getMessage()));
      }
    }
    List<String> removed = List.of();
    List<String> retained = List.of();
    if (mode == Mode.PRUNE) {
      Set<String> vanished = new TreeSet<>(idsOnTopic());
      vanished.removeAll(values.keySet());
      // Unreadable files may hold any SLO; no SLO at all is more likely a wrong directory than a
      // wish to delete everything (remove() does that explicitly).
      boolean keepAll = values.isEmpty() || errors.stream().anyMatch(e -> e.sloName() == null);
      Set<String> named =
          errors.stream()
              .map(SloDefinitionError::sloName)
              .filter(Objects::nonNull)
              .collect(Collectors.toSet());
      List<String> toRemove = new ArrayList<>();
      List<String> toKeep = new ArrayList<>();
      for (String id : vanished) {
        (keepAll || named.contains(id) ? toKeep : toRemove).add(id);
      }
      removed = toRemove;
      retained = toKeep;
      if (keepAll && !toKeep.isEmpty()) {
        LOG.warn(
            "not pruning {} from {}: {}",
            toKeep,
            topic,
            values.isEmpty()
                ? "the files define no SLO at all"
                : "some files could not be read, so which SLOs vanished is unknown");
      }
    }
    Map<String, String> records = new LinkedHashMap<>(values);
    removed.forEach(id -> records.put(id, null));
    send(records);
    Summary summary = new Summary(List.copyOf(values.keySet()), removed, retained, errors);
    LOG.info(
        "published {} SLO definitions to {}, removed {}, kept {}, {} errors",
        summary.published().size(),
        topic,
        summary.removed(),
        summary.retained(),
        summary.errors().size());
    return summary;
  }

  /**
   * Removes SLO {@code id} with a tombstone; the processor stops evaluating it. Removing an id that
   * is not on the topic is harmless.
   *
   * @throws KafkaException when the send fails
   */
  public Summary remove(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an SLO id is required, was '" + id + "'");
    }
    Map<String, String> tombstone = new HashMap<>();
    tombstone.put(id, null);
    send(tombstone);
    LOG.info("removed SLO {} from {}", id, topic);
    return new Summary(List.of(), List.of(id), List.of(), List.of());
  }

  /**
   * The ids of the SLOs currently on the topic (their last record is not a tombstone), read to the
   * end, {@code read_committed}. An absent topic holds none.
   *
   * @throws TimeoutException when the end is not reached within the read timeout
   */
  public Set<String> idsOnTopic() {
    return new TreeSet<>(CompactedTopicReader.read(consumerConfig, topic, readTimeout).keySet());
  }

  /** Sends every record (a null value is a tombstone) and waits until each is acknowledged. */
  private void send(Map<String, String> records) {
    Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
    records.forEach(
        (id, value) -> sent.put(id, producer.send(new ProducerRecord<>(topic, id, value))));
    producer.flush();
    List<String> acknowledged = new ArrayList<>();
    for (Map.Entry<String, Future<RecordMetadata>> send : sent.entrySet()) {
      try {
        send.getValue().get();
        acknowledged.add(send.getKey());
      } catch (ExecutionException e) {
        throw new KafkaException(
            "could not write SLO "
                + send.getKey()
                + " to "
                + topic
                + " (acknowledged so far: "
                + acknowledged
                + ")",
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while writing SLO definitions to " + topic, e);
      }
    }
  }

  /**
   * Closes the producer, waiting up to 30 seconds for records still in flight.
   *
   * @throws KafkaException when closing fails (logged first)
   */
  @Override
  public void close() {
    try {
      producer.close(CLOSE_TIMEOUT);
      LOG.debug("SLO definition publisher for {} closed", topic);
    } catch (KafkaException e) {
      LOG.error("SLO definition publisher for {} did not close cleanly", topic, e);
      throw e;
    }
  }
}
