package io.slipstream.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigTest {

  @Test
  void shouldTurnPrefixedVariablesIntoKeys() {
    Map<String, String> config =
        EnvironmentConfig.parse(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL__MECHANISM", "PLAIN",
                "SLIPSTREAM_RESEND_INTERVAL", "30s",
                "HOME", "/root"));

    assertThat(config)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "kafka:9092",
                "sasl_mechanism", "PLAIN",
                "slipstream.resend.interval", "30s"));
  }

  @Test
  void shouldUnderstandShortNamesForAlertmanagerAndRegistry() {
    Map<String, String> config =
        EnvironmentConfig.parse(
            Map.of(
                "ALERTMANAGER_URL", "http://am:9093",
                "SCHEMA_REGISTRY_URL", "http://registry:8081"));

    assertThat(config)
        .containsEntry(BridgeConfig.ALERTMANAGER_URL, "http://am:9093")
        .containsEntry(BridgeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
  }

  @Test
  void shouldLetPrefixedNamesWinOverShortNames() {
    Map<String, String> config =
        EnvironmentConfig.parse(
            Map.of(
                "ALERTMANAGER_URL", "http://short:9093",
                "SLIPSTREAM_ALERTMANAGER_URL", "http://prefixed:9093"));

    assertThat(config).containsEntry(BridgeConfig.ALERTMANAGER_URL, "http://prefixed:9093");
  }
}
