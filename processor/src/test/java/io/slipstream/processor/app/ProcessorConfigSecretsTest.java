package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigSecretsTest {

  @Test
  void shouldPassSecuritySettingsToKafkaButHideSecretsWhenPrinted() throws Exception {
    Map<String, String> environment =
        Map.of(
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"s3cr3t\";",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "s3cr3t",
            "SLIPSTREAM_HTTP_TOKEN", "s3cr3t");

    ProcessorConfig config = ProcessorConfig.load(null, environment, Map.of());

    assertThat(StreamsSettings.streamsProperties(config))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "ScramLoginModule required password=\"s3cr3t\";")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("ssl.truststore.password", "s3cr3t")
        .doesNotContainKey(ProcessorConfig.HTTP_TOKEN);
    assertThat(config.toString())
        .doesNotContain("s3cr3t")
        .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]");
  }
}
