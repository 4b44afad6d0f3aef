package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.localstack.LocalStackSelection.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackSelectionTest {

  @Test
  void shouldChooseAutoWhenNothingIsSet() {
    assertThat(LocalStackSelection.fromEnvironment(Map.of()).kind()).isEqualTo(Kind.AUTO);
  }

  @Test
  void shouldChooseExternalWhenBothAddressesAreSetEvenIfAKindIsForced() {
    LocalStackSelection selection =
        LocalStackSelection.fromEnvironment(
            Map.of(
                "SLIPSTREAM_TEST_BOOTSTRAP_SERVERS", "kafka:9092",
                "SLIPSTREAM_TEST_SCHEMA_REGISTRY_URL", "http://registry:8081/",
                "SLIPSTREAM_LOCAL_STACK", "embedded"));

    assertThat(selection)
        .isEqualTo(new LocalStackSelection(Kind.EXTERNAL, "kafka:9092", "http://registry:8081"));
  }

  @Test
  void shouldNameTheMissingVariableWhenOnlyOneAddressIsSet() {
    assertThatThrownBy(
            () ->
                LocalStackSelection.fromEnvironment(
                    Map.of("SLIPSTREAM_TEST_BOOTSTRAP_SERVERS", "kafka:9092")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLIPSTREAM_TEST_SCHEMA_REGISTRY_URL is not set");
  }

  @Test
  void shouldHonourAForcedKindInAnyCase() {
    assertThat(
            LocalStackSelection.fromEnvironment(Map.of("SLIPSTREAM_LOCAL_STACK", "Embedded"))
                .kind())
        .isEqualTo(Kind.EMBEDDED);
    assertThat(
            LocalStackSelection.fromEnvironment(Map.of("SLIPSTREAM_LOCAL_STACK", "testcontainers"))
                .kind())
        .isEqualTo(Kind.TESTCONTAINERS);
  }

  @Test
  void shouldTreatBlankValuesAsUnset() {
    assertThat(
            LocalStackSelection.fromEnvironment(
                    Map.of("SLIPSTREAM_TEST_BOOTSTRAP_SERVERS", " ", "SLIPSTREAM_LOCAL_STACK", ""))
                .kind())
        .isEqualTo(Kind.AUTO);
  }

  @Test
  void shouldRejectAnUnknownKind() {
    assertThatThrownBy(
            () -> LocalStackSelection.fromEnvironment(Map.of("SLIPSTREAM_LOCAL_STACK", "docker")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLIPSTREAM_LOCAL_STACK=docker");
  }
}
