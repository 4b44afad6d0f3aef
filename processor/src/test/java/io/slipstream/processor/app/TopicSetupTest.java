package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.contracts.Topics;
import java.util.List;
import java.util.Map;
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
}
