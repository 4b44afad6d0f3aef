package io.slipstream.processor.aggregation;

import static io.slipstream.processor.aggregation.SaturationBucketTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSaturationTest {

  @Test
  void shouldBeTheMostSaturatedInstance() {
    Map<String, SaturationBucket> byInstance = new HashMap<>();
    byInstance.put("pod-a", bucket(0.3, 0.2, null));
    byInstance.put("pod-b", bucket(0.2, 0.2, 0.9));
    byInstance.put("pod-c", bucket(0.8, 0.1, null));

    assertThat(ServiceSaturation.mostSaturated(byInstance))
        .contains(new ServiceSaturation("pod-b", 0.9));
  }

  @Test
  void shouldBreakTiesByTheSmallestInstanceNameWhateverTheMapOrder() {
    Map<String, SaturationBucket> byInstance = new LinkedHashMap<>();
    byInstance.put("pod-z", bucket(0.5, 0.1, null));
    byInstance.put("pod-a", bucket(0.1, 0.5, null));

    assertThat(ServiceSaturation.mostSaturated(byInstance))
        .contains(new ServiceSaturation("pod-a", 0.5));
  }

  @Test
  void shouldBeEmptyWithoutAnySamples() {
    Map<String, SaturationBucket> byInstance = new HashMap<>();
    assertThat(ServiceSaturation.mostSaturated(byInstance)).isEmpty();

    byInstance.put("pod-a", new SaturationBucket());
    assertThat(ServiceSaturation.mostSaturated(byInstance)).isEmpty();
  }

  @Test
  void shouldSkipInstancesWithoutSamples() {
    Map<String, SaturationBucket> byInstance = new HashMap<>();
    byInstance.put("pod-a", new SaturationBucket());
    byInstance.put("pod-b", bucket(0.05, 0.01, null));

    assertThat(ServiceSaturation.mostSaturated(byInstance))
        .contains(new ServiceSaturation("pod-b", 0.05));
  }

  private static SaturationBucket bucket(double cpu, double memory, Double pool) {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(cpu, memory, pool, null, null));
    return bucket;
  }
}
