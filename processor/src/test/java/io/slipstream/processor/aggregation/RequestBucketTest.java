package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RequestBucketTest {

  @Test
  void shouldAnswerNaNForQuantilesAndErrorRatioWhenEmpty() {
    RequestBucket bucket = new RequestBucket();

    assertThat(bucket.isEmpty()).isTrue();
    assertThat(bucket.count()).isZero();
    assertThat(bucket.quantile(0.99)).isNaN();
    assertThat(bucket.errorRatio()).isNaN();
    assertThat(bucket.slowestExemplars()).isEmpty();
    assertThat(bucket.failedTraceIds()).isEmpty();
  }

  @Test
  void shouldThrowForMinAndMaxOfAnEmptyBucket() {
    RequestBucket bucket = new RequestBucket();

    assertThatThrownBy(bucket::minLatencyMicros).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(bucket::maxLatencyMicros).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void shouldRejectANegativeLatencyAndStayUnchanged() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(10, false, "a");

    assertThatThrownBy(() -> bucket.add(-1, true, "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThat(bucket.count()).isEqualTo(1);
    assertThat(bucket.errorCount()).isZero();
    assertThat(bucket.minLatencyMicros()).isEqualTo(10);
  }

  @Test
  void shouldReportZeroLatencyAsExactlyZero() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(0, false, null);
    bucket.add(0, false, null);
    bucket.add(5_000, false, null);

    assertThat(bucket.quantile(0.5)).isEqualTo(0.0);
    assertThat(bucket.minLatencyMicros()).isZero();
    assertThat(bucket.quantile(1)).isCloseTo(5_000, within(50.0));
  }

  @Test
  void shouldUseTheLowerRankForQuantilesBetweenTwoValues() {
    RequestBucket bucket = new RequestBucket();
    for (long latency : new long[] {1_000, 2_000, 3_000, 4_000}) {
      bucket.add(latency, false, null);
    }

    // rank floor(0.5 * 3) = 1: the second value, 2 ms, within 1 %.
    assertThat(bucket.quantile(0.5)).isCloseTo(2_000, within(20.0));
    assertThat(bucket.quantile(0)).isCloseTo(1_000, within(10.0));
    assertThat(bucket.quantile(1)).isCloseTo(4_000, within(40.0));
  }

  @Test
  void shouldRejectQuantilesOutsideZeroToOne() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(1, false, null);

    assertThatThrownBy(() -> bucket.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bucket.quantile(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bucket.quantile(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCountErrorsAndTheirRatio() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(100, true, null);
    bucket.add(100, false, null);
    bucket.add(100, false, null);
    bucket.add(100, false, null);

    assertThat(bucket.errorCount()).isEqualTo(1);
    assertThat(bucket.errorRatio()).isEqualTo(0.25);
  }

  @Test
  void shouldKeepTheFiveSlowestTraceIdsSlowestFirst() {
    RequestBucket bucket = new RequestBucket();
    for (int i = 1; i <= 20; i++) {
      bucket.add(i * 1_000L, false, "t" + i);
    }

    assertThat(bucket.slowestExemplars())
        .containsExactly(
            new Exemplar("t20", 20_000),
            new Exemplar("t19", 19_000),
            new Exemplar("t18", 18_000),
            new Exemplar("t17", 17_000),
            new Exemplar("t16", 16_000));
  }

  @Test
  void shouldBreakLatencyTiesByTraceIdWhateverTheArrivalOrder() {
    RequestBucket forwards = new RequestBucket(2);
    RequestBucket backwards = new RequestBucket(2);
    String[] ids = {"c", "a", "d", "b"};
    for (int i = 0; i < ids.length; i++) {
      forwards.add(500, false, ids[i]);
      backwards.add(500, false, ids[ids.length - 1 - i]);
    }

    assertThat(forwards.slowestExemplars())
        .containsExactly(new Exemplar("a", 500), new Exemplar("b", 500));
    assertThat(backwards.slowestExemplars()).isEqualTo(forwards.slowestExemplars());
  }

  @Test
  void shouldKeepATraceSeenTwiceOnceWithItsSlowestLatency() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(100, false, "retried");
    bucket.add(900, false, "retried");
    bucket.add(500, false, "other");
    bucket.add(200, true, "retried");

    assertThat(bucket.slowestExemplars())
        .containsExactly(new Exemplar("retried", 900), new Exemplar("other", 500));
    assertThat(bucket.failedTraceIds()).containsExactly("retried");
  }

  @Test
  void shouldKeepOnlyFailedRequestsAsFailedExemplarsUpToTheLimit() {
    RequestBucket bucket = new RequestBucket(3);
    for (int i = 0; i < 50; i++) {
      bucket.add(10, i % 5 == 0, "t" + i);
    }

    assertThat(bucket.failedTraceIds())
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(1)) % 5).isZero());
  }

  @Test
  void shouldCountButNotKeepMissingEmptyOrOverlongTraceIds() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(1_000, true, null);
    bucket.add(2_000, true, "");
    bucket.add(3_000, true, "x".repeat(RequestBucket.MAX_TRACE_ID_LENGTH + 1));

    assertThat(bucket.count()).isEqualTo(3);
    assertThat(bucket.errorCount()).isEqualTo(3);
    assertThat(bucket.slowestExemplars()).isEmpty();
    assertThat(bucket.failedTraceIds()).isEmpty();
  }

  @Test
  void shouldKeepNoExemplarsWithALimitOfZero() {
    RequestBucket bucket = new RequestBucket(0);
    bucket.add(1_000, true, "t");

    assertThat(bucket.count()).isEqualTo(1);
    assertThat(bucket.slowestExemplars()).isEmpty();
    assertThat(bucket.failedTraceIds()).isEmpty();
  }

  @Test
  void shouldRejectAnExemplarLimitOutOfRange() {
    assertThatThrownBy(() -> new RequestBucket(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestBucket(RequestBucket.MAX_EXEMPLAR_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldLeaveTheOtherBucketUnchangedWhenMerging() {
    RequestBucket into = new RequestBucket();
    into.add(100, false, "a");
    RequestBucket other = new RequestBucket();
    other.add(5_000, true, "b");
    byte[] otherBefore = RequestBucketCodec.encode(other);

    into.merge(other);

    assertThat(into.count()).isEqualTo(2);
    assertThat(into.errorCount()).isEqualTo(1);
    assertThat(into.minLatencyMicros()).isEqualTo(100);
    assertThat(into.maxLatencyMicros()).isEqualTo(5_000);
    assertThat(into.slowestExemplars())
        .containsExactly(new Exemplar("b", 5_000), new Exemplar("a", 100));
    assertThat(into.failedTraceIds()).containsExactly("b");
    assertThat(RequestBucketCodec.encode(other)).isEqualTo(otherBefore);
  }

  @Test
  void shouldMergeAnEmptyBucketWithoutChangingAnything() {
    RequestBucket bucket = new RequestBucket();
    bucket.add(42, false, "a");
    byte[] before = RequestBucketCodec.encode(bucket);

    bucket.merge(new RequestBucket());

    assertThat(RequestBucketCodec.encode(bucket)).isEqualTo(before);
  }

  @Test
  void shouldCopyDeeply() {
    RequestBucket original = new RequestBucket();
    original.add(42, true, "a");
    RequestBucket copy = original.copy();

    copy.add(7_000, false, "b");

    assertThat(original.count()).isEqualTo(1);
    assertThat(original.maxLatencyMicros()).isEqualTo(42);
    assertThat(copy.count()).isEqualTo(2);
  }
}
