package io.slipstream.processor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlipstreamMetricsRegistryTest {

  @Test
  void shouldTakeTheSameRocksDbMetricFromKeyValueWindowAndSessionStores() {
    PrometheusMeterRegistry registry = SlipstreamMetrics.newRegistry();
    List<Meter.Id> refused = new ArrayList<>();
    registry.config().onMeterRegistrationFailed((id, reason) -> refused.add(id));

    // As the Kafka Streams binder registers them: one metric name, the store's tag per kind.
    register(registry, "rocksdb.state.id", "slo-incidents-store");
    register(registry, "rocksdb.window.state.id", "sli-buckets-store");
    register(registry, "rocksdb.session.state.id", "some-session-store");

    assertThat(refused).isEmpty();
    assertThat(registry.scrape())
        .contains("rocksdb_state_id=\"slo-incidents-store\"")
        .contains("rocksdb_state_id=\"sli-buckets-store\"")
        .contains("rocksdb_state_id=\"some-session-store\"");
  }

  @Test
  void shouldRefuseTheSecondKindWithoutTheRename() {
    // What the rename prevents: a plain registry keeps only the first kind it saw.
    PrometheusMeterRegistry plain =
        new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    List<Meter.Id> refused = new ArrayList<>();
    plain.config().onMeterRegistrationFailed((id, reason) -> refused.add(id));
    register(plain, "rocksdb.state.id", "slo-incidents-store");
    register(plain, "rocksdb.window.state.id", "sli-buckets-store");
    assertThat(refused).hasSize(1);
  }

  private static void register(PrometheusMeterRegistry registry, String storeTag, String store) {
    Gauge.builder("kafka.stream.state.size.all.mem.tables", () -> 1.0)
        .tags("kafka.version", "4.3.1", "task.id", "0_0", "thread.id", "t-1", storeTag, store)
        .register(registry);
  }
}
