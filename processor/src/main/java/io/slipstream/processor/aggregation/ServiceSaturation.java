package io.slipstream.processor.aggregation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The saturation of a service in a bucket: that of its most saturated instance. A service is as
 * saturated as its worst instance, because the requests routed to that instance suffer whatever the
 * others' headroom; averaging would hide one pinned pod behind nine idle ones.
 *
 * @param instance the most saturated instance (on a tie, the smallest name, so the answer does not
 *     depend on map iteration order)
 * @param saturation its {@link SaturationBucket#saturation()}
 */
public record ServiceSaturation(String instance, double saturation) {

  public ServiceSaturation {
    Objects.requireNonNull(instance, "instance");
  }

  /**
   * The most saturated instance among {@code bucketsByInstance}, ignoring empty buckets.
   *
   * @return empty when there are no samples at all
   */
  public static Optional<ServiceSaturation> mostSaturated(
      Map<String, SaturationBucket> bucketsByInstance) {
    String worstInstance = null;
    double worst = Double.NaN;
    for (Map.Entry<String, SaturationBucket> entry : bucketsByInstance.entrySet()) {
      SaturationBucket bucket = entry.getValue();
      if (bucket == null || bucket.isEmpty()) {
        continue;
      }
      double saturation = bucket.saturation();
      String instance = entry.getKey();
      if (worstInstance == null
          || saturation > worst
          || (saturation == worst && instance.compareTo(worstInstance) < 0)) {
        worstInstance = instance;
        worst = saturation;
      }
    }
    return worstInstance == null
        ? Optional.empty()
        : Optional.of(new ServiceSaturation(worstInstance, worst));
  }
}
