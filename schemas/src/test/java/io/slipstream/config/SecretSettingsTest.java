package io.slipstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretSettingsTest {

  @Test
  void shouldHideEverySecretKafkaRegistryAndSlipstreamSetting() {
    Map<String, Object> settings =
        Map.of(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                + " password=\"p4ss\";",
            "ssl.truststore.password",
            "p4ss",
            "ssl.keystore.key",
            "-----BEGIN PRIVATE KEY-----",
            "basic.auth.user.info",
            "user:p4ss",
            "slipstream.http.token",
            "p4ss",
            "SLIPSTREAM_GATEWAY_TOKENS",
            "p4ss=*",
            "sasl.oauthbearer.client.credentials.client.secret",
            "p4ss",
            "bootstrap.servers",
            "127.0.0.1:9092",
            "security.protocol",
            "SASL_SSL");

    Map<String, String> masked = SecretSettings.masked(settings);

    assertThat(masked.toString()).doesNotContain("p4ss").doesNotContain("PRIVATE KEY");
    assertThat(masked)
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", SecretSettings.HIDDEN)
        .containsEntry("SLIPSTREAM_GATEWAY_TOKENS", SecretSettings.HIDDEN)
        .hasSize(settings.size());
  }
}
