package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.InMemorySchemaRegistry;
import io.slipstream.serde.SchemaRegistrySettings;
import io.slipstream.serde.SubjectNameStrategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

  private final List<NewTopic> plan = TopicSetup.plan(Topics.defaults(), 3);

  @Test
  void shouldCreateEveryTopicTheProcessorReadsOrWrites() {
    Topics topics = Topics.defaults();
    assertThat(plan)
        .extracting(NewTopic::name)
        .containsExactlyInAnyOrder(
            topics.requestEvents().name(),
            topics.resourceSamples().name(),
            topics.requestEventsDlq().name(),
            topics.resourceSamplesDlq().name(),
            topics.sliSnapshots().name(),
            topics.sloDefinitions().name(),
            topics.sloBurnRates().name(),
            topics.sloAlerts().name(),
            topics.sloCorrections().name(),
            topics.sloCorrectionsAudit().name(),
            topics.slaDefinitions().name(),
            topics.slaReports().name());
  }

  @Test
  void shouldGiveBothInputTopicsTheSamePartitionCount() {
    Map<String, Integer> partitions =
        plan.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions));

    assertThat(partitions)
        .containsEntry("request-events", 3)
        .containsEntry("resource-samples", 3)
        .containsEntry("slo-definitions", 1);
  }

  @Test
  void shouldCompactTheDefinitionsAndHaveTheBrokerStampEveryOtherTopicOnAppend() {
    for (NewTopic topic : plan) {
      if (List.of("slo-definitions", "slo-corrections", "sla-definitions").contains(topic.name())) {
        assertThat(topic.configs())
            .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      } else {
        assertThat(topic.configs())
            .as(topic.name())
            .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
      }
    }
  }

  @Test
  void shouldKeepEveryCorrectionAuditRecordForever() {
    NewTopic audit =
        plan.stream()
            .filter(t -> t.name().equals("slo-corrections-audit"))
            .findFirst()
            .orElseThrow();
    assertThat(audit.configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
        .doesNotContainKey(TopicConfig.CLEANUP_POLICY_CONFIG);
  }

  @Test
  void shouldLeaveTheReplicationFactorToTheClusterUnlessOneIsGiven() {
    assertThat(plan)
        .allSatisfy(
            topic ->
                assertThat(topic.replicationFactor())
                    .as("replicas of %s: the cluster's default.replication.factor", topic.name())
                    .isEqualTo((short) -1));
  }

  @Test
  void shouldReplicateEveryTopicAsManyTimesAsGiven() {
    List<NewTopic> replicated = TopicSetup.plan(Topics.defaults(), 3, Optional.of((short) 3));

    assertThat(replicated).hasSameSizeAs(plan);
    assertThat(replicated)
        .allSatisfy(
            topic -> assertThat(topic.replicationFactor()).as(topic.name()).isEqualTo((short) 3));
  }

  @Test
  void shouldLeaveMinInsyncReplicasToTheCluster() {
    assertThat(TopicSetup.plan(Topics.defaults(), 3, Optional.of((short) 3)))
        .allSatisfy(
            topic ->
                assertThat(topic.configs())
                    .as(topic.name())
                    .doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
  }

  @Test
  void shouldReadTheReplicationFactorSettingWithUnsetMeaningTheClustersDefault() {
    assertThat(TopicSetup.replicationFactor(null)).isEmpty();
    assertThat(TopicSetup.replicationFactor(" ")).isEmpty();
    assertThat(TopicSetup.replicationFactor("-1")).isEmpty();
    assertThat(TopicSetup.replicationFactor(" 3 ")).contains((short) 3);
    for (String bad : List.of("0", "-2", "three", "40000")) {
      assertThatThrownBy(() -> TopicSetup.replicationFactor(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(ProcessorConfig.TOPIC_REPLICATION_FACTOR);
    }
  }

  @Test
  void shouldRefuseAReplicationFactorBelowTheClustersMinInsyncReplicas() {
    assertThatThrownBy(() -> TopicSetup.checkReplication((short) 1, OptionalInt.of(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slipstream.topic.replication.factor=1")
        .hasMessageContaining("min.insync.replicas=2");
    assertThatCode(() -> TopicSetup.checkReplication((short) 2, OptionalInt.of(2)))
        .doesNotThrowAnyException();
    assertThatCode(() -> TopicSetup.checkReplication((short) 1, OptionalInt.empty()))
        .as("the cluster's setting could not be read")
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRegisterTheInputSchemasUnderTheirTopicsValueSubjectsOnceWhateverTheCalls() {
    String scope = "topic-setup-" + UUID.randomUUID();
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, "mem://" + scope);
    Topics topics = Topics.withPrefix("staging-");
    try {
      Map<String, Integer> first = TopicSetup.registerInputSchemas(topics, serdeConfig);
      Map<String, Integer> again = TopicSetup.registerInputSchemas(topics, serdeConfig);

      assertThat(first)
          .containsOnlyKeys("staging-request-events-value", "staging-resource-samples-value");
      assertThat(again).isEqualTo(first);
      InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
      // What a producer with auto.register.schemas=false does: look the schema up.
      assertThat(registry.lookUpId("staging-request-events-value", RequestEvent.getClassSchema()))
          .isEqualTo(first.get("staging-request-events-value"));
      assertThat(
              registry.lookUpId("staging-resource-samples-value", ResourceSample.getClassSchema()))
          .isEqualTo(first.get("staging-resource-samples-value"));
    } finally {
      InMemorySchemaRegistry.drop(scope);
    }
  }

  @Test
  void shouldRegisterUnderTheSubjectsTheConfiguredStrategyNames() {
    String scope = "topic-setup-" + UUID.randomUUID();
    try {
      Map<String, Integer> ids =
          TopicSetup.registerInputSchemas(
              InMemorySchemaRegistry.scope(scope),
              Topics.defaults(),
              SubjectNameStrategy.RECORD_NAME);

      assertThat(ids)
          .containsOnlyKeys("io.slipstream.avro.RequestEvent", "io.slipstream.avro.ResourceSample");
    } finally {
      InMemorySchemaRegistry.drop(scope);
    }
  }
}
