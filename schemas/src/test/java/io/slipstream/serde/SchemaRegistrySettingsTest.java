package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistrySettingsTest {
  @Test
  void shouldApplyDefaults() {
    SchemaRegistrySettings settings = SchemaRegistrySettings.of("http://registry:8081/");

    assertThat(settings.urls()).containsExactly(URI.create("http://registry:8081"));
    assertThat(settings.basicAuthHeader()).isEmpty();
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.maxRetries()).isEqualTo(3);
    assertThat(settings.cacheCapacity()).isEqualTo(1000);
  }

  @Test
  void shouldSplitSeveralUrls() {
    SchemaRegistrySettings settings =
        SchemaRegistrySettings.fromConfig(Map.of("schema.registry.url", "http://a:1, http://b:2"));

    assertThat(settings.urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
  }

  @Test
  void shouldTakeCredentialsFromTheUrlWhenAskedTo() {
    SchemaRegistrySettings settings =
        SchemaRegistrySettings.fromConfig(
            Map.of(
                "schema.registry.url", "https://bob:pw@registry:8081",
                "basic.auth.credentials.source", "URL"));

    assertThat(settings.urls()).containsExactly(URI.create("https://registry:8081"));
    assertThat(settings.basicAuthHeader()).contains("Basic Ym9iOnB3");
  }

  @Test
  void shouldNameTheMissingUrl() {
    assertThatThrownBy(() -> SchemaRegistrySettings.fromConfig(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldNameAMalformedNumber() {
    assertThatThrownBy(
            () ->
                SchemaRegistrySettings.fromConfig(
                    Map.of(
                        "schema.registry.url", "http://r", "schema.registry.max.retries", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.max.retries");
  }

  @Test
  void shouldRejectAnUnknownCredentialsSource() {
    assertThatThrownBy(
            () ->
                SchemaRegistrySettings.fromConfig(
                    Map.of(
                        "schema.registry.url",
                        "http://r",
                        "basic.auth.credentials.source",
                        "SASL_INHERIT")))
        .hasMessageContaining("basic.auth.credentials.source");
  }

  @Test
  void shouldRejectANonHttpUrl() {
    assertThatThrownBy(() -> SchemaRegistrySettings.of("ftp://registry"))
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldReadConfluentStrategyClassNames() {
    AvroSerdeConfig config =
        AvroSerdeConfig.fromConfig(
            Map.of(
                "schema.registry.url", "http://r",
                "value.subject.name.strategy",
                    "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "auto.register.schemas", "false"),
            false);

    assertThat(config.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.RECORD_NAME);
    assertThat(config.autoRegisterSchemas()).isFalse();
  }
}
