package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  private static final long BUCKET = 10_000;
  private static final Duration MAX = Duration.ofDays(35);
  private static final long NOW = Instant.parse("2026-03-01T12:00:03Z").toEpochMilli();

  private static TimeRange parse(Map<String, String> parameters) {
    return TimeRange.parse(parameters::get, NOW, BUCKET, MAX, "5m");
  }

  private static void assertRefused(Map<String, String> parameters, String parameter, String text) {
    assertThatThrownBy(() -> parse(parameters))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.parameter()).isEqualTo(parameter);
              assertThat(e.getMessage()).contains(text);
            });
  }

  @Test
  void shouldEndATrailingWindowAtTheEndOfTheCurrentBucket() {
    TimeRange range = parse(Map.of("window", "1h"));
    long end = Instant.parse("2026-03-01T12:00:10Z").toEpochMilli();
    assertThat(range).isEqualTo(new TimeRange(end - 3_600_000, end));
  }

  @Test
  void shouldUseTheDefaultWindowWhenNoneIsGiven() {
    assertThat(parse(Map.of()).length()).isEqualTo(300_000);
  }

  @Test
  void shouldReadFromAndToAsIsoInstantsOrEpochMillis() {
    long from = Instant.parse("2026-03-01T11:00:00Z").toEpochMilli();
    TimeRange range =
        parse(Map.of("from", "2026-03-01T11:00:00Z", "to", Long.toString(from + 60_000)));
    assertThat(range).isEqualTo(new TimeRange(from, from + 60_000));
  }

  @Test
  void shouldEndAtTheCurrentBucketWhenOnlyFromIsGiven() {
    TimeRange range = parse(Map.of("from", "2026-03-01T11:00:00Z"));
    assertThat(range.to()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z").toEpochMilli());
  }

  @Test
  void shouldNameTheParameterOfEveryBadRange() {
    assertRefused(Map.of("window", "5x"), "window", "unknown window");
    assertRefused(Map.of("window", "15s"), "window", "multiple of the 10s bucket");
    assertRefused(Map.of("window", "36d"), "window", "larger than the 5w kept");
    assertRefused(Map.of("window", "1h", "from", "0"), "window", "not both");
    assertRefused(Map.of("to", "0"), "from", "from is required");
    assertRefused(Map.of("from", "2026-03-01T11:00:05Z"), "from", "not aligned");
    assertRefused(Map.of("from", "0", "to", "5"), "to", "not aligned");
    assertRefused(Map.of("from", "60000", "to", "60000"), "from", "must be before to");
    assertRefused(Map.of("from", "last tuesday"), "from", "neither an ISO-8601 instant");
    assertRefused(Map.of("from", "0", "to", "3110400000"), "from", "larger than");
  }

  @Test
  void shouldRefuseStepsThatAreMisalignedOrGiveTooManyPoints() {
    TimeRange hour = parse(Map.of("window", "1h"));
    assertThat(hour.step("1m", BUCKET)).isEqualTo(60_000);
    assertThatThrownBy(() -> hour.step("7s", BUCKET))
        .hasMessageContaining("multiple of the 10s bucket");
    assertThatThrownBy(() -> hour.step("7m", BUCKET)).hasMessageContaining("must divide the range");
    TimeRange day = parse(Map.of("window", "1d"));
    assertThatThrownBy(() -> day.step("10s", BUCKET)).hasMessageContaining("at most 1440");
  }
}
