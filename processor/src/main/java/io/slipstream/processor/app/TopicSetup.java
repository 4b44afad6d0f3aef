package io.slipstream.processor.app;

import io.slipstream.contracts.Format;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.AvroSerdeConfig;
import io.slipstream.serde.SchemaRegistry;
import io.slipstream.serde.SubjectNameStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Slipstream's topics explicitly, so nothing depends on the broker auto-creating them with
 * its defaults (which would not compact {@code slo-definitions}). Topics that exist are left as
 * they are, but the two input topics must have the same partition count: one task then owns all of
 * a service's state. Registers the input topics' schemas too ({@link #registerInputSchemas}), so
 * producers that only look their schema up find it.
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * The broker stamps each record with its own clock on append. Event times travel in the payloads,
   * and a record's timestamp decides when the broker deletes it (retention) and whether it accepts
   * it at all (more than an hour ahead is refused by default): stamped on append, a replay of last
   * spring's events is neither deleted at once nor refused, and the demo's simulated time may run
   * ahead of the wall clock.
   */
  public static final Map<String, String> STAMPED_ON_APPEND =
      Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

  private TopicSetup() {}

  /**
   * {@link #plan(Topics, int, Optional)} with the cluster's default replication factor.
   *
   * @throws IllegalArgumentException if {@code partitions} is less than 1
   */
  public static List<NewTopic> plan(Topics topics, int partitions) {
    return plan(topics, partitions, Optional.empty());
  }

  /**
   * The topics to create: inputs and snapshots with {@code partitions}, dead letters with one,
   * {@code slo-definitions}, {@code slo-corrections} and {@code sla-definitions} compacted with
   * one, {@code slo-corrections-audit} kept forever with one. Not {@code slo-alerts-dlq}: the
   * Alertmanager bridge writes it.
   *
   * <p>Every topic has {@code replicationFactor} replicas, or, if empty, the cluster's {@code
   * default.replication.factor}; none sets {@code min.insync.replicas}, so the cluster's applies (3
   * and 2 on a cluster that tolerates the loss of a broker).
   *
   * @throws IllegalArgumentException if {@code partitions} or {@code replicationFactor} is less
   *     than 1
   */
  public static List<NewTopic> plan(
      Topics topics, int partitions, Optional<Short> replicationFactor) {
    if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
      throw new IllegalArgumentException(
          "the replication factor must be at least 1, was " + replicationFactor.get());
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    List<NewTopic> plan = new ArrayList<>();
    List<Topic<?, ?>> partitioned =
        List.of(
            topics.requestEvents(),
            topics.resourceSamples(),
            topics.sliSnapshots(),
            topics.sloBurnRates(),
            topics.sloAlerts());
    for (Topic<?, ?> topic : partitioned) {
      plan.add(
          new NewTopic(topic.name(), Optional.of(partitions), replicationFactor)
              .configs(STAMPED_ON_APPEND));
    }
    for (Topic<byte[], byte[]> topic :
        List.of(topics.requestEventsDlq(), topics.resourceSamplesDlq())) {
      plan.add(
          new NewTopic(topic.name(), Optional.of(1), replicationFactor).configs(STAMPED_ON_APPEND));
    }
    for (Topic<String, String> topic :
        List.of(topics.sloDefinitions(), topics.sloCorrections(), topics.slaDefinitions())) {
      plan.add(
          new NewTopic(topic.name(), Optional.of(1), replicationFactor)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    // The audit trail is kept, not compacted: every change stays.
    plan.add(
        new NewTopic(topics.sloCorrectionsAudit().name(), Optional.of(1), replicationFactor)
            .configs(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1",
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    "LogAppendTime")));
    plan.add(
        new NewTopic(topics.slaReports().name(), Optional.of(partitions), replicationFactor)
            .configs(STAMPED_ON_APPEND));
    return plan;
  }

  /**
   * {@link #ensure(Admin, Topics, int, Optional)} with the cluster's default replication factor.
   */
  public static List<String> ensure(Admin admin, Topics topics, int partitions) {
    return ensure(admin, topics, partitions, Optional.empty());
  }

  /**
   * Creates what is missing of {@link #plan} and checks the input topics' partition counts. A
   * replication factor given explicitly is first checked against the cluster's {@code
   * min.insync.replicas}, if the cluster tells it.
   *
   * @return the names of the topics created (empty when all existed)
   * @throws IllegalStateException when the input topics' partition counts differ, the replication
   *     factor is below the cluster's {@code min.insync.replicas}, or the cluster does not answer
   *     within 30 s
   */
  public static List<String> ensure(
      Admin admin, Topics topics, int partitions, Optional<Short> replicationFactor) {
    if (replicationFactor.isPresent()) {
      checkReplication(replicationFactor.get(), clusterMinInsyncReplicas(admin));
    }
    List<String> created = new ArrayList<>();
    for (NewTopic topic : plan(topics, partitions, replicationFactor)) {
      try {
        admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        created.add(topic.name());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "the cluster did not create topic " + topic.name() + " within " + TIMEOUT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", e);
      }
    }
    int requests = partitionCount(admin, topics.requestEvents().name());
    int samples = partitionCount(admin, topics.resourceSamples().name());
    if (requests != samples) {
      throw new IllegalStateException(
          topics.requestEvents().name()
              + " has "
              + requests
              + " partitions but "
              + topics.resourceSamples().name()
              + " has "
              + samples
              + "; they must have the same number (one task owns a service's state)");
    }
    return created;
  }

  /**
   * Registers the value schemas of the two input topics under the subjects {@code strategy} names
   * ({@code <topic>-value} by default), as Slipstream's own serializers would on their first
   * record. Producers in other languages can then run with {@code auto.register.schemas=false},
   * looking the schema up (the files in {@code schemas/src/main/avro-standalone} are these schemas)
   * or taking the subject's latest version ({@code use.latest.version}), and need no right to
   * register. Idempotent: a schema registered already keeps its id and adds no version.
   *
   * @return the schema id of each subject, in the order request events, resource samples
   * @throws io.slipstream.serde.SchemaRegistryException when the registry cannot be reached or
   *     refuses a schema (409: incompatible with the subject's latest version)
   */
  public static Map<String, Integer> registerInputSchemas(
      SchemaRegistry registry, Topics topics, SubjectNameStrategy strategy) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<String, ?> input : List.of(topics.requestEvents(), topics.resourceSamples())) {
      if (input.value() instanceof Format.Avro<?> avro) {
        String subject = strategy.subject(input.name(), false, avro.schema());
        ids.put(subject, registry.register(subject, avro.schema()));
      }
    }
    return ids;
  }

  /**
   * {@link #registerInputSchemas(SchemaRegistry, Topics, SubjectNameStrategy)} with the registry
   * and the value subject strategy of the serde settings {@code serdeConfig}.
   *
   * @throws IllegalArgumentException when the registry settings are missing or malformed
   */
  public static Map<String, Integer> registerInputSchemas(
      Topics topics, Map<String, ?> serdeConfig) {
    AvroSerdeConfig serde = AvroSerdeConfig.fromConfig(serdeConfig, false);
    return registerInputSchemas(
        SchemaRegistry.connect(serde.registry()), topics, serde.subjectNameStrategy());
  }

  /**
   * Reads {@value ProcessorConfig#TOPIC_REPLICATION_FACTOR}: empty when unset, blank or {@code -1}
   * (the cluster's default).
   *
   * @throws IllegalArgumentException naming the setting, when it is not a number from 1 to 32767
   */
  public static Optional<Short> replicationFactor(String value) {
    if (value == null || value.isBlank() || value.trim().equals("-1")) {
      return Optional.empty();
    }
    try {
      short factor = Short.parseShort(value.trim());
      if (factor >= 1) {
        return Optional.of(factor);
      }
    } catch (NumberFormatException e) {
      // Reported below, with the setting's name.
    }
    throw new IllegalArgumentException(
        ProcessorConfig.TOPIC_REPLICATION_FACTOR
            + " must be a whole number from 1 to 32767 (or -1: the cluster's default), was "
            + value);
  }

  /**
   * Refuses a replication factor below the cluster's {@code min.insync.replicas}: the topics could
   * be created, but no write with {@code acks=all} (every write of an exactly-once processor) would
   * ever succeed on them.
   *
   * @param clusterMinInsyncReplicas the cluster's setting, empty if it could not be read
   * @throws IllegalStateException when the factor is below it
   */
  static void checkReplication(short replicationFactor, OptionalInt clusterMinInsyncReplicas) {
    if (clusterMinInsyncReplicas.isPresent()
        && replicationFactor < clusterMinInsyncReplicas.getAsInt()) {
      throw new IllegalStateException(
          ProcessorConfig.TOPIC_REPLICATION_FACTOR
              + "="
              + replicationFactor
              + " is below the cluster's min.insync.replicas="
              + clusterMinInsyncReplicas.getAsInt()
              + ": no write with acks=all would succeed on such topics");
    }
  }

  /**
   * The {@code min.insync.replicas} of a broker of the cluster (the cluster's default for topics),
   * or empty when it cannot be read: the principal may not describe the cluster's configuration.
   */
  private static OptionalInt clusterMinInsyncReplicas(Admin admin) {
    try {
      Collection<Node> nodes =
          admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        return OptionalInt.empty();
      }
      ConfigResource broker =
          new ConfigResource(
              ConfigResource.Type.BROKER, String.valueOf(nodes.iterator().next().id()));
      ConfigEntry entry =
          admin
              .describeConfigs(List.of(broker))
              .all()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(broker)
              .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      return entry == null || entry.value() == null
          ? OptionalInt.empty()
          : OptionalInt.of(Integer.parseInt(entry.value()));
    } catch (ExecutionException | TimeoutException | NumberFormatException e) {
      LOG.warn(
          "could not read the cluster's min.insync.replicas ({}); the replication factor is not"
              + " checked against it",
          e.toString());
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the cluster", e);
    }
  }

  private static int partitionCount(Admin admin, String topic) {
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
      return description.partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not describe topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + topic, e);
    }
  }
}
