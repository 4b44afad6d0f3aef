package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApicurioSchemaRegistryTest {

  @Test
  void shouldNotPassKafkaOrRegistrySettingsToTheChildJvm() {
    Map<String, String> child =
        ApicurioSchemaRegistry.childEnvironment(
            Map.of(
                "PATH", "/usr/bin",
                "LANG", "C.UTF-8",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "HTTP_PORT", "8080",
                "REGISTRY_AUTH_ENABLED", "true"));

    assertThat(child).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("LANG", "C.UTF-8"));
  }
}
