package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static Properties streamsProperties(Map<String, String> settings) {
    return StreamsSettings.streamsProperties(ProcessorConfig.of(settings));
  }

  @Test
  void shouldWaitForAnEmptyInputWithRecordsOnTheBrokerByDefault() {
    // Kafka Streams then keeps the two inputs' backlogs aligned by timestamp (a replay stays
    // exact).
    assertThat(streamsProperties(Map.of()))
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    assertThat(streamsProperties(Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1")))
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
  }

  @Test
  void shouldKeepOneStandbyOfEveryTaskByDefault() {
    assertThat(streamsProperties(Map.of()))
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
  }

  @Test
  void shouldLetAnInstanceTrailByFiftyThousandChangelogRecordsAndStillTakeATaskAtOnce() {
    assertThat(streamsProperties(Map.of()))
        .containsEntry(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "50000");
  }

  @Test
  void shouldKeepTheStandbyAndRecoveryLagSettingsGiven() {
    Properties properties =
        streamsProperties(
            Map.of(
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "1000"));

    assertThat(properties)
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0")
        .containsEntry(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "1000");
  }

  @Test
  void shouldLeaveTheChangelogsReplicationToTheClusterUnlessTheTopicsHaveOne() {
    assertThat(streamsProperties(Map.of()))
        .doesNotContainKey(StreamsConfig.REPLICATION_FACTOR_CONFIG);
    assertThat(streamsProperties(Map.of(ProcessorConfig.TOPIC_REPLICATION_FACTOR, "3")))
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
    assertThat(
            streamsProperties(
                Map.of(
                    ProcessorConfig.TOPIC_REPLICATION_FACTOR,
                    "3",
                    StreamsConfig.REPLICATION_FACTOR_CONFIG,
                    "2")))
        .as("Kafka Streams' own setting wins")
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "2");
  }

  @Test
  void shouldRefuseAReplicationFactorThatIsNotANumber() {
    assertThatThrownBy(
            () -> streamsProperties(Map.of(ProcessorConfig.TOPIC_REPLICATION_FACTOR, "three")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ProcessorConfig.TOPIC_REPLICATION_FACTOR);
  }

  @Test
  void shouldNameTheRackToTheConsumersAndTagTheInstanceForStandbyPlacement() {
    Properties properties = streamsProperties(Map.of(ProcessorConfig.RACK, " eu-west-1a "));

    assertThat(properties)
        .containsEntry("client.rack", "eu-west-1a")
        .containsEntry("client.tag.rack", "eu-west-1a")
        .containsEntry(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, "rack")
        .doesNotContainKey(ProcessorConfig.RACK);
    StreamsConfig config = new StreamsConfig(properties);
    assertThat(config.getList(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG))
        .containsExactly("rack");
    assertThat(config.getClientTags()).containsEntry("rack", "eu-west-1a");
    assertThat(config.getMainConsumerConfigs("group", "client", 0))
        .as("the main consumer's settings")
        .containsEntry("client.rack", "eu-west-1a");
    assertThat(config.getRestoreConsumerConfigs("client"))
        .as("the restore consumer's settings")
        .containsEntry("client.rack", "eu-west-1a");
  }

  @Test
  void shouldSetNoRackAwarenessWithoutARack() {
    assertThat(streamsProperties(Map.of()))
        .doesNotContainKey("client.rack")
        .doesNotContainKey("client.tag.rack")
        .doesNotContainKey(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG);
  }

  @Test
  void shouldKeepRackSettingsGivenInKafkasOwnTerms() {
    Map<String, String> settings = new HashMap<>();
    settings.put(ProcessorConfig.RACK, "zone-a");
    settings.put("client.rack", "use1-az1");
    settings.put("client.tag.zone", "zone-a");
    settings.put(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, "zone");

    Properties properties = streamsProperties(settings);

    assertThat(properties)
        .containsEntry("client.rack", "use1-az1")
        .containsEntry(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, "zone")
        .containsEntry("client.tag.zone", "zone-a");
    assertThat(new StreamsConfig(properties).getClientTags())
        .containsEntry("zone", "zone-a")
        .containsEntry("rack", "zone-a");
  }

  @Test
  void shouldBeSettingsKafkaStreamsAccepts() {
    Map<String, String> settings = new HashMap<>();
    settings.put(ProcessorConfig.RACK, "rack-a");
    settings.put(ProcessorConfig.TOPIC_REPLICATION_FACTOR, "3");

    StreamsConfig config = new StreamsConfig(streamsProperties(settings));

    assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(config.getLong(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo(50_000L);
    assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
  }
}
