package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishSlosMainTest {

  @Test
  void shouldTakeKafkaSecuritySettingsFromTheEnvironmentLikeEveryComponent() {
    Map<String, String> properties =
        PublishSlosMain.clientProperties(
            Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\";",
                "PATH", "/usr/bin"),
            Map.of());

    assertThat(properties)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "ScramLoginModule required username=\"u\";"));
  }

  @Test
  void shouldLetAKafkaPropertyOptionWinOverTheEnvironment() {
    Map<String, String> properties =
        PublishSlosMain.clientProperties(
            Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
            Map.of("security.protocol", "SASL_SSL"));

    assertThat(properties).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
  }

  @Test
  void shouldLeaveTheServersAndSlipstreamSettingsOutOfTheClientProperties() {
    // The servers have an option of their own (--bootstrap-servers, or the variable's fallback);
    // SLIPSTREAM_* variables are Slipstream's settings, not the client's.
    Map<String, String> properties =
        PublishSlosMain.clientProperties(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SLIPSTREAM_MAIN", "io.slipstream.localrun.PublishSlosMain"),
            Map.of());

    assertThat(properties).isEmpty();
  }
}
