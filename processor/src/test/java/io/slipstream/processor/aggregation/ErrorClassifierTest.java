package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  private final ErrorClassifier defaults = ErrorClassifier.defaults();

  @Test
  void shouldCountFiveHundredsAsErrorsButNotFourHundreds() {
    assertThat(defaults.isError(Outcome.UNKNOWN, 500)).isTrue();
    assertThat(defaults.isError(Outcome.UNKNOWN, 503)).isTrue();
    assertThat(defaults.isError(Outcome.UNKNOWN, 599)).isTrue();
    assertThat(defaults.isError(Outcome.UNKNOWN, 400)).isFalse();
    assertThat(defaults.isError(Outcome.UNKNOWN, 404)).isFalse();
    assertThat(defaults.isError(Outcome.UNKNOWN, 429)).isFalse();
    assertThat(defaults.isError(Outcome.UNKNOWN, 200)).isFalse();
  }

  @Test
  void shouldCountErrorAndTimeoutOutcomesAsErrorsWithOrWithoutAStatus() {
    assertThat(defaults.isError(Outcome.ERROR, null)).isTrue();
    assertThat(defaults.isError(Outcome.TIMEOUT, null)).isTrue();
    assertThat(defaults.isError(Outcome.ERROR, 200)).isTrue();
  }

  @Test
  void shouldCountAServerErrorStatusEvenWhenTheServiceSaidSuccess() {
    assertThat(defaults.isError(Outcome.SUCCESS, 502)).isTrue();
  }

  @Test
  void shouldNotCountSuccessCancelledOrUnknownWithoutAnErrorStatus() {
    assertThat(defaults.isError(Outcome.SUCCESS, 200)).isFalse();
    assertThat(defaults.isError(Outcome.SUCCESS, null)).isFalse();
    assertThat(defaults.isError(Outcome.CANCELLED, null)).isFalse();
    assertThat(defaults.isError(Outcome.CANCELLED, 499)).isFalse();
    assertThat(defaults.isError(Outcome.UNKNOWN, null)).isFalse();
    assertThat(defaults.isError(null, null)).isFalse();
  }

  @Test
  void shouldNotCountClientErrorsByDefault() {
    assertThat(defaults.clientErrorsAreErrors()).isFalse();
    assertThat(defaults.isError(Outcome.CLIENT_ERROR, null)).isFalse();
    assertThat(defaults.isError(Outcome.CLIENT_ERROR, 400)).isFalse();
  }

  @Test
  void shouldCountClientErrorsWhenConfiguredTo() {
    ErrorClassifier strict = ErrorClassifier.builder().clientErrorsAreErrors(true).build();

    assertThat(strict.isError(Outcome.CLIENT_ERROR, null)).isTrue();
    assertThat(strict.isError(Outcome.UNKNOWN, 404)).isTrue();
    assertThat(strict.isError(Outcome.SUCCESS, 200)).isFalse();
  }

  @Test
  void shouldCountExtraStatusCodesSuchAsTooManyRequests() {
    ErrorClassifier classifier = ErrorClassifier.builder().errorStatusCodes(429).build();

    assertThat(classifier.isError(Outcome.CLIENT_ERROR, 429)).isTrue();
    assertThat(classifier.isError(Outcome.CLIENT_ERROR, 404)).isFalse();
  }

  @Test
  void shouldNeverCountIgnoredStatusCodesWhateverTheOutcome() {
    ErrorClassifier classifier = ErrorClassifier.builder().ignoredStatusCodes(501).build();

    assertThat(classifier.isError(Outcome.ERROR, 501)).isFalse();
    assertThat(classifier.isError(Outcome.UNKNOWN, 501)).isFalse();
    assertThat(classifier.isError(Outcome.UNKNOWN, 500)).isTrue();
  }

  @Test
  void shouldClassifyNonStandardStatusCodesByOutcomeOnly() {
    assertThat(defaults.isError(Outcome.SUCCESS, 0)).isFalse();
    assertThat(defaults.isError(Outcome.SUCCESS, 999)).isFalse();
    assertThat(defaults.isError(Outcome.SUCCESS, -1)).isFalse();
    assertThat(defaults.isError(Outcome.ERROR, 999)).isTrue();
  }

  @Test
  void shouldRejectStatusCodesOutsideTheHttpRangeOrBothErrorAndIgnored() {
    assertThatThrownBy(() -> ErrorClassifier.builder().errorStatusCodes(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
    assertThatThrownBy(() -> ErrorClassifier.builder().ignoredStatusCodes(600))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ErrorClassifier.builder().errorStatusCodes(429).ignoredStatusCodes(429))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both");
  }

  @Test
  void shouldClassifyARequestEventByItsOutcomeAndStatus() {
    RequestEvent serverError = event(Outcome.ERROR, 503);
    RequestEvent notFound = event(Outcome.CLIENT_ERROR, 404);

    assertThat(defaults.isError(serverError)).isTrue();
    assertThat(defaults.isError(notFound)).isFalse();
  }

  @Test
  void shouldBeEqualWhenConfiguredAlike() {
    ErrorClassifier a = ErrorClassifier.builder().errorStatusCodes(429, 408).build();
    ErrorClassifier b =
        ErrorClassifier.builder().errorStatusCodes(408).errorStatusCodes(429).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(defaults);
    assertThat(a.errorStatusCodes()).containsExactlyInAnyOrder(408, 429);
    assertThat(a)
        .hasToString(
            "ErrorClassifier{clientErrorsAreErrors=false, errorStatusCodes=[408, 429],"
                + " ignoredStatusCodes=[]}");
  }

  private static RequestEvent event(Outcome outcome, Integer statusCode) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("GET /cart")
        .setTimestamp(Instant.parse("2025-01-01T00:00:00Z"))
        .setLatencyMicros(1_000)
        .setStatusCode(statusCode)
        .setOutcome(outcome)
        .build();
  }
}
