package io.slipstream.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.alertmanager.delivery.Backoff;
import io.slipstream.contracts.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

  @Test
  void shouldFillDefaults() {
    BridgeConfig config =
        BridgeConfig.fromMap(Map.of(BridgeConfig.ALERTMANAGER_URL, "http://am:9093"));

    assertThat(config.kafka())
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("group.id", "slipstream-alertmanager-bridge")
        .doesNotContainKey(BridgeConfig.ALERTMANAGER_URL);
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.topics()).isEqualTo(BridgeTopics.defaults());
    assertThat(config.topics().alerts().name()).isEqualTo("slo-alerts");
    assertThat(config.topics().deadLetters().name()).isEqualTo("slo-alerts-dlq");
    assertThat(config.alertmanagerUrls()).containsExactly(URI.create("http://am:9093"));
    assertThat(config.resendInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.firingTtl()).isEqualTo(Duration.ofMinutes(4));
    assertThat(config.backoff()).isEqualTo(Backoff.DEFAULT);
    assertThat(config.generatorUrlTemplate()).isNull();
  }

  @Test
  void shouldKeepSecuritySettingsForKafkaButHideSecretsWhenPrinted() {
    BridgeConfig config =
        BridgeConfig.fromMap(
            Map.of(
                BridgeConfig.ALERTMANAGER_URL,
                "http://am:9093",
                "security.protocol",
                "SASL_SSL",
                "sasl.jaas.config",
                "ScramLoginModule required password=\"s3cr3t\";",
                "ssl.truststore.password",
                "s3cr3t"));

    assertThat(config.kafka())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.password", "s3cr3t");
    assertThat(config.toString()).doesNotContain("s3cr3t").contains("security.protocol=SASL_SSL");
  }

  @Test
  void shouldSplitSeveralAlertmanagerUrls() {
    BridgeConfig config =
        BridgeConfig.fromMap(
            Map.of(BridgeConfig.ALERTMANAGER_URL, "http://am-1:9093, https://am-2:9093/am,"));

    assertThat(config.alertmanagerUrls())
        .containsExactly(URI.create("http://am-1:9093"), URI.create("https://am-2:9093/am"));
  }

  @Test
  void shouldRequireAnAlertmanager() {
    assertThatThrownBy(() -> BridgeConfig.fromMap(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ALERTMANAGER_URL");
  }

  @Test
  void shouldRefuseNonHttpUrls() {
    assertThatThrownBy(() -> BridgeConfig.fromMap(Map.of(BridgeConfig.ALERTMANAGER_URL, "am:9093")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("am:9093");
  }

  @Test
  void shouldNameTheKeyOfABadDuration() {
    assertThatThrownBy(
            () ->
                BridgeConfig.fromMap(
                    Map.of(
                        BridgeConfig.ALERTMANAGER_URL, "http://am:9093",
                        BridgeConfig.RESEND_INTERVAL, "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BridgeConfig.RESEND_INTERVAL);
  }

  @Test
  void shouldLayerFileUnderEnvironmentUnderCommandLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bridge.properties");
    Files.writeString(
        file,
        "group.id=from-file\nslipstream.alerts.topic=file-alerts\nslipstream.resend.interval=5m\n");

    BridgeConfig config =
        BridgeConfig.load(
            new String[] {"--config", file.toString(), "slipstream.resend.interval=10s"},
            Map.of(
                "ALERTMANAGER_URL", "http://am:9093",
                "SLIPSTREAM_ALERTS_TOPIC", "env-alerts",
                "SLIPSTREAM_RESEND_INTERVAL", "2m"));

    assertThat(config.kafka()).containsEntry("group.id", "from-file");
    assertThat(config.topics().alerts().name()).isEqualTo("env-alerts");
    assertThat(config.resendInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void shouldPutThePrefixBeforeBothStandardTopicNames() {
    BridgeConfig config =
        BridgeConfig.fromMap(
            Map.of(
                BridgeConfig.ALERTMANAGER_URL, "http://am:9093",
                BridgeConfig.TOPIC_PREFIX, "staging-"));

    assertThat(config.topics()).isEqualTo(BridgeTopics.from(Topics.withPrefix("staging-")));
    assertThat(config.topics().alerts().name()).isEqualTo("staging-slo-alerts");
    assertThat(config.topics().deadLetters().name()).isEqualTo("staging-slo-alerts-dlq");
    assertThat(config.kafka()).doesNotContainKey(BridgeConfig.TOPIC_PREFIX);
  }

  @Test
  void shouldTakeATopicNamedInFullAsItIsWhateverThePrefix() throws Exception {
    BridgeConfig config =
        BridgeConfig.load(
            new String[] {"slipstream.alerts.dlq.topic=team-a-undeliverable"},
            Map.of(
                "ALERTMANAGER_URL", "http://am:9093",
                "SLIPSTREAM_TOPIC_PREFIX", "staging-"));

    assertThat(config.topics().alerts().name()).isEqualTo("staging-slo-alerts");
    assertThat(config.topics().deadLetters().name()).isEqualTo("team-a-undeliverable");
    assertThat(config.topics().deadLetters().value())
        .isEqualTo(Topics.defaults().sloAlertsDlq().value());
  }

  @Test
  void shouldRefuseTheAlertTopicAsItsOwnDeadLetterTopic() {
    assertThatThrownBy(
            () ->
                BridgeConfig.fromMap(
                    Map.of(
                        BridgeConfig.ALERTMANAGER_URL, "http://am:9093",
                        BridgeConfig.ALERTS_DLQ_TOPIC, "slo-alerts")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slo-alerts");
  }

  @Test
  void shouldRefuseUnknownArguments() {
    assertThatThrownBy(() -> BridgeConfig.load(new String[] {"--verbose"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--verbose");
  }

  @Test
  void shouldReadDurationsInTheSharedGrammar() {
    BridgeConfig config =
        BridgeConfig.fromMap(
            Map.of(
                BridgeConfig.ALERTMANAGER_URL, "http://am:9093",
                BridgeConfig.RETRY_INITIAL_BACKOFF, "500ms",
                BridgeConfig.PAUSE, "2h",
                BridgeConfig.REQUEST_TIMEOUT, "PT30S",
                BridgeConfig.RESEND_INTERVAL, "P1D"));

    assertThat(config.backoff().initial()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.pause()).isEqualTo(Duration.ofHours(2));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.resendInterval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void shouldRefuseAZeroDurationNamingKeyAndValue() {
    assertThatThrownBy(
            () ->
                BridgeConfig.fromMap(
                    Map.of(
                        BridgeConfig.ALERTMANAGER_URL, "http://am:9093",
                        BridgeConfig.PAUSE, "0s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BridgeConfig.PAUSE)
        .hasMessageContaining("'0s'");
  }

  @Test
  void shouldUnderstandShortNamesForAlertmanagerAndRegistry() throws Exception {
    BridgeConfig config =
        BridgeConfig.load(
            new String[0],
            Map.of(
                "ALERTMANAGER_URL", "http://am:9093",
                "SCHEMA_REGISTRY_URL", "http://registry:8081"));

    assertThat(config.alertmanagerUrls()).containsExactly(URI.create("http://am:9093"));
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
  }

  @Test
  void shouldLetPrefixedNamesWinOverShortNames() throws Exception {
    BridgeConfig config =
        BridgeConfig.load(
            new String[0],
            Map.of(
                "ALERTMANAGER_URL", "http://short:9093",
                "SLIPSTREAM_ALERTMANAGER_URL", "http://prefixed:9093",
                "KAFKA_SASL__MECHANISM", "PLAIN"));

    assertThat(config.alertmanagerUrls()).containsExactly(URI.create("http://prefixed:9093"));
    assertThat(config.kafka()).containsEntry("sasl_mechanism", "PLAIN");
  }
}
