package io.slipstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigTest {

  @Test
  void shouldTurnPrefixedVariablesIntoKeysAndIgnoreOthers() {
    Map<String, String> config =
        EnvironmentConfig.parse(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL_JAAS_CONFIG", "jaas",
                "KAFKA_SASL__MECHANISM", "PLAIN",
                "SLIPSTREAM_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "SLIPSTREAM_GRACE", "PT30S",
                "KAFKA_", "no key",
                "HOME", "/root"));

    assertThat(config)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "kafka:9092",
                "sasl.jaas.config", "jaas",
                "sasl_mechanism", "PLAIN",
                "slipstream.schema.registry.url", "http://registry:8081",
                "slipstream.grace", "PT30S"));
  }

  @Test
  void shouldReadDeclaredAliasesOnlyWhenNotBlank() {
    EnvironmentConfig environment =
        EnvironmentConfig.standard()
            .withAlias("ALERTMANAGER_URL", "slipstream.alertmanager.url")
            .withAlias("SCHEMA_REGISTRY_URL", "slipstream.schema.registry.url");

    assertThat(
            environment.keys(
                Map.of("ALERTMANAGER_URL", "http://am:9093", "SCHEMA_REGISTRY_URL", " ")))
        .containsExactlyEntriesOf(Map.of("slipstream.alertmanager.url", "http://am:9093"));
    assertThat(EnvironmentConfig.parse(Map.of("ALERTMANAGER_URL", "http://am:9093"))).isEmpty();
  }

  @Test
  void shouldLetPrefixedNamesWinOverAliases() {
    EnvironmentConfig environment =
        EnvironmentConfig.standard().withAlias("ALERTMANAGER_URL", "slipstream.alertmanager.url");

    assertThat(
            environment.keys(
                Map.of(
                    "ALERTMANAGER_URL", "http://short:9093",
                    "SLIPSTREAM_ALERTMANAGER_URL", "http://prefixed:9093")))
        .containsEntry("slipstream.alertmanager.url", "http://prefixed:9093");
  }
}
