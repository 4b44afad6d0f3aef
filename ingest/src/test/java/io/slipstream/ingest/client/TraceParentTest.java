package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  @Test
  void shouldReadTraceAndParentIdsOfAVersion00Header() {
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .contains(new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
  }

  @Test
  void shouldIgnoreSurroundingWhitespace() {
    assertThat(TraceParent.parse("  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00 "))
        .isPresent();
  }

  @Test
  void shouldAcceptFieldsAppendedByAFutureVersion() {
    assertThat(
            TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-next"))
        .contains(new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // 00 has no extra fields
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short trace id
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", // wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz", // flags not hex
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x" // no dash before extras
      })
  void shouldRejectInvalidHeaders(String header) {
    assertThat(TraceParent.parse(header)).isEmpty();
  }
}
