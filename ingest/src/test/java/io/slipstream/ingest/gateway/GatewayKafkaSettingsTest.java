package io.slipstream.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayKafkaSettingsTest {

  @Test
  void shouldPassEveryKafkaVariableButTheBootstrapServersToTheProducer() {
    Map<String, String> environment =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
            "KAFKA_SECURITY_PROTOCOL", "SSL",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/gateway/truststore.p12",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit",
            "KAFKA_SSL_ENDPOINT__IDENTIFICATION__ALGORITHM", "https",
            "KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required;",
            "SLIPSTREAM_GATEWAY_TOKENS", "t=*",
            "SCHEMA_REGISTRY_URL", "http://registry:8081");

    assertThat(GatewayConfig.kafkaClientProperties(environment))
        .containsOnly(
            Map.entry("security.protocol", "SSL"),
            Map.entry("ssl.truststore.location", "/etc/gateway/truststore.p12"),
            Map.entry("ssl.truststore.password", "changeit"),
            Map.entry("ssl.endpoint_identification_algorithm", "https"),
            Map.entry("sasl.jaas.config", "PlainLoginModule required;"));
  }
}
