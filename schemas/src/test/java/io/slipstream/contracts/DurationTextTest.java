package io.slipstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "90s, 90000",
    "5m, 300000",
    "1h, 3600000",
    "2d, 172800000",
    "1w, 604800000",
    "' 10s ', 10000",
    "PT30S, 30000",
    "PT0.5S, 500",
    "PT1H30M, 5400000",
    "P1D, 86400000",
    "P1DT12H, 129600000",
    "pt1m, 60000",
    "+PT2S, 2000"
  })
  void shouldReadShorthandAndIsoDurations(String text, long millis) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "",
        " ",
        "5",
        "m",
        "five minutes",
        "5 m",
        "5M",
        "5S",
        "1.5h",
        "-5m",
        "5min",
        "P1M",
        "P1Y",
        "PT",
        "P",
        "1h30m",
        "PT1H 30M"
      })
  void shouldRefuseTextInNeitherFormQuotingIt(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("e.g. 5m")
        .hasMessageContaining("PT30S");
  }

  @Test
  void shouldRefuseNullNamingIt() {
    assertThatThrownBy(() -> DurationText.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'null' is not a duration");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0s", "0ms", "0w", "PT0S", "P0D"})
  void shouldRefuseZeroWherePositiveIsRequired(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is zero; a duration must be positive");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0s", "0ms", "PT0S"})
  void shouldAcceptZeroWhereNonNegativeIsAsked(String text) {
    assertThat(DurationText.parseNonNegative(text)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-PT1S", "PT-1S", "P-1D"})
  void shouldRefuseNegativeIsoDurations(String text) {
    assertThatThrownBy(() -> DurationText.parseNonNegative(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is negative; a duration must not be");
  }

  @Test
  void shouldRefuseIsoDurationsFinerThanAMillisecond() {
    assertThatThrownBy(() -> DurationText.parse("PT0.0005S"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'PT0.0005S' is finer than a millisecond");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"99999999999999999999s", "9223372036854775807w", "PT9223372036854775807H"})
  void shouldRefuseDurationsTooLongForMillisecondsQuotingThem(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' is too long");
  }

  @Test
  void shouldReadOnlyShorthandForOpenSloDocuments() {
    assertThat(DurationText.parseShorthand("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(DurationText.parseShorthand("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> DurationText.parseShorthand("PT30S"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'PT30S' is not a duration; expected a whole number and a unit (ms, s, m, h, d, w),"
                + " e.g. 5m");
    assertThatThrownBy(() -> DurationText.parseShorthand("1M"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1M'");
    assertThatThrownBy(() -> DurationText.parseShorthand("0m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is zero");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1, 1ms",
    "1500, 1500ms",
    "1000, 1s",
    "90000, 90s",
    "300000, 5m",
    "5400000, 90m",
    "3600000, 1h",
    "86400000, 1d",
    "172800000, 2d",
    "604800000, 1w",
    "1209600000, 2w",
    "0, 0s"
  })
  void shouldFormatTheShortestShorthand(long millis, String text) {
    assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void shouldFormatIsoInputAsShorthand() {
    assertThat(DurationText.format(DurationText.parse("PT2H"))).isEqualTo("2h");
    assertThat(DurationText.format(DurationText.parse("P14D"))).isEqualTo("2w");
  }

  @Property
  void shouldReadBackWhatItFormats(
      @ForAll @LongRange(min = 1, max = 1_000L * 86_400_000L) long millis) {
    Duration duration = Duration.ofMillis(millis);

    assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
    assertThat(DurationText.parseShorthand(DurationText.format(duration))).isEqualTo(duration);
  }
}
