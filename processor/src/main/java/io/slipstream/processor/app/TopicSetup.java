package io.slipstream.processor.app;

import io.slipstream.contracts.Format;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.AvroSerdeConfig;
import io.slipstream.serde.SchemaRegistry;
import io.slipstream.serde.SubjectNameStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Slipstream's topics explicitly, so nothing depends on the broker auto-creating them with
 * its defaults (which would not compact {@code slo-definitions}). Topics that exist are left as
 * they are, but the two input topics must have the same partition count: one task then owns all of
 * a service's state. Registers the input topics' schemas too ({@link #registerInputSchemas}), so
 * producers that only look their schema up find it.
 */
public final class TopicSetup {

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
   * The topics to create: inputs and snapshots with {@code partitions}, dead letters with one,
   * {@code slo-definitions}, {@code slo-corrections} and {@code sla-definitions} compacted with
   * one, {@code slo-corrections-audit} kept forever with one. The replication factor is the
   * broker's default. Not {@code slo-alerts-dlq}: the Alertmanager bridge writes it.
   */
  public static List<NewTopic> plan(Topics topics, int partitions) {
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
          new NewTopic(topic.name(), Optional.of(partitions), Optional.empty())
              .configs(STAMPED_ON_APPEND));
    }
    for (Topic<byte[], byte[]> topic :
        List.of(topics.requestEventsDlq(), topics.resourceSamplesDlq())) {
      plan.add(
          new NewTopic(topic.name(), Optional.of(1), Optional.empty()).configs(STAMPED_ON_APPEND));
    }
    for (Topic<String, String> topic :
        List.of(topics.sloDefinitions(), topics.sloCorrections(), topics.slaDefinitions())) {
      plan.add(
          new NewTopic(topic.name(), Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    // The audit trail is kept, not compacted: every change stays.
    plan.add(
        new NewTopic(topics.sloCorrectionsAudit().name(), Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1",
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    "LogAppendTime")));
    plan.add(
        new NewTopic(topics.slaReports().name(), Optional.of(partitions), Optional.empty())
            .configs(STAMPED_ON_APPEND));
    return plan;
  }

  /**
   * Creates what is missing of {@link #plan} and checks the input topics' partition counts.
   *
   * @return the names of the topics created (empty when all existed)
   * @throws IllegalStateException when the input topics' partition counts differ, or the cluster
   *     does not answer within 30 s
   */
  public static List<String> ensure(Admin admin, Topics topics, int partitions) {
    List<String> created = new ArrayList<>();
    for (NewTopic topic : plan(topics, partitions)) {
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
