package io.slipstream.processor.validation;

import io.slipstream.avro.ResourceSample;
import java.util.Optional;

/** Checks a decoded resource sample. Pure: the wall clock is passed in. */
public final class ResourceSampleValidator {
  private final ValidationLimits limits;

  public ResourceSampleValidator(ValidationLimits limits) {
    this.limits = limits;
  }

  /**
   * The first rule {@code sample} breaks, or empty when it is valid at wall-clock time {@code
   * nowMs}.
   */
  public Optional<Rejection> validate(ResourceSample sample, long nowMs) {
    return FieldRules.name("service", sample.getService(), RejectionReason.MISSING_SERVICE, limits)
        .or(
            () ->
                FieldRules.name(
                    "instance", sample.getInstance(), RejectionReason.MISSING_INSTANCE, limits))
        .or(() -> utilization("cpuUtilization", sample.getCpuUtilization()))
        .or(() -> utilization("memoryUtilization", sample.getMemoryUtilization()))
        .or(() -> utilization("poolUtilization", sample.getPoolUtilization()))
        .or(() -> nonNegative("inFlightRequests", sample.getInFlightRequests()))
        .or(() -> nonNegative("queueDepth", sample.getQueueDepth()))
        .or(() -> FieldRules.timestamp(sample.getTimestamp().toEpochMilli(), nowMs, limits));
  }

  private static Optional<Rejection> utilization(String field, Double value) {
    if (value == null || (value >= 0.0 && value <= 1.0)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.of(
            RejectionReason.INVALID_UTILIZATION,
            field + " is " + value + "; expected a value in [0, 1]"));
  }

  private static Optional<Rejection> nonNegative(String field, Integer value) {
    if (value == null || value >= 0) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.of(RejectionReason.INVALID_UTILIZATION, field + " is negative: " + value));
  }
}
