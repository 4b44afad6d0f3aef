package io.slipstream.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.validation.RejectionReason;
import org.junit.jupiter.api.Test;

class RejectionCountsTest {
  @Test
  void shouldListEveryReasonOfAnExpectedTopicAtZeroBeforeItsFirstRecord() {
    RejectionCounts counts = new RejectionCounts();
    counts.expect("request-events");

    assertThat(counts.snapshot())
        .hasSize(RejectionReason.values().length)
        .allSatisfy((label, count) -> assertThat(count).isZero());
    assertThat(counts.late().snapshot()).containsOnlyKeys("request-events");
    assertThat(counts.late().count("request-events")).isZero();

    counts.increment("request-events", RejectionReason.CORRUPT_BODY);
    counts.increment("resource-samples", RejectionReason.NULL_VALUE);

    assertThat(counts.snapshot()).hasSize(RejectionReason.values().length + 1);
    assertThat(counts.count("request-events", RejectionReason.CORRUPT_BODY)).isEqualTo(1);
    assertThat(counts.count("request-events", RejectionReason.LATE)).isZero();
    assertThat(counts.count("resource-samples", RejectionReason.NULL_VALUE)).isEqualTo(1);
  }
}
