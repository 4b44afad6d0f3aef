package io.slipstream.processor.validation;

import io.slipstream.avro.RequestEvent;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a decoded request event against the rules the aggregates rely on. Pure: the wall clock is
 * passed in.
 */
public final class RequestEventValidator {
  private final ValidationLimits limits;

  public RequestEventValidator(ValidationLimits limits) {
    this.limits = limits;
  }

  /**
   * The first rule {@code event} breaks, or empty when it is valid at wall-clock time {@code
   * nowMs}.
   */
  public Optional<Rejection> validate(RequestEvent event, long nowMs) {
    Optional<Rejection> names =
        FieldRules.name("service", event.getService(), RejectionReason.MISSING_SERVICE, limits)
            .or(
                () ->
                    FieldRules.name(
                        "operation",
                        event.getOperation(),
                        RejectionReason.MISSING_OPERATION,
                        limits));
    if (names.isPresent()) {
      return names;
    }
    if (event.getLatencyMicros() < 0) {
      return Optional.of(
          Rejection.of(
              RejectionReason.NEGATIVE_LATENCY, "latencyMicros is " + event.getLatencyMicros()));
    }
    Integer status = event.getStatusCode();
    if (status != null && (status < 100 || status > 599)) {
      return Optional.of(
          Rejection.of(
              RejectionReason.INVALID_STATUS_CODE,
              "statusCode " + status + " is outside 100..599"));
    }
    Optional<Rejection> attributes = checkAttributes(event.getAttributes());
    if (attributes.isPresent()) {
      return attributes;
    }
    return FieldRules.timestamp(event.getTimestamp().toEpochMilli(), nowMs, limits);
  }

  private Optional<Rejection> checkAttributes(Map<String, String> attributes) {
    if (attributes.size() > limits.maxAttributes()) {
      return Optional.of(
          Rejection.of(
              RejectionReason.ATTRIBUTES_TOO_LARGE,
              "attributes has "
                  + attributes.size()
                  + " entries; at most "
                  + limits.maxAttributes()));
    }
    long chars = 0;
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      chars += entry.getKey().length() + entry.getValue().length();
    }
    if (chars > limits.maxAttributeChars()) {
      return Optional.of(
          Rejection.of(
              RejectionReason.ATTRIBUTES_TOO_LARGE,
              "attributes hold " + chars + " characters; at most " + limits.maxAttributeChars()));
    }
    return Optional.empty();
  }
}
