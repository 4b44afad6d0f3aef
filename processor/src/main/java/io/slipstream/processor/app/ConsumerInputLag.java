package io.slipstream.processor.app;

import io.slipstream.processor.topology.InputLag;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Reads an input partition's lag from what its consumer reports after each fetch ({@code
 * records-lag} of {@code consumer-fetch-manager-metrics}): {@link InputLag#UNKNOWN} for a partition
 * no consumer of this instance reports on yet.
 */
final class ConsumerInputLag implements InputLag {
  private static final String GROUP = "consumer-fetch-manager-metrics";
  private static final String LAG = "records-lag";

  private volatile KafkaStreams streams;

  /** The client whose consumers to ask; until then every lag is unknown. */
  void attach(KafkaStreams client) {
    this.streams = client;
  }

  @Override
  public long lag(String topic, int partition) {
    KafkaStreams client = streams;
    if (client == null) {
      return UNKNOWN;
    }
    String partitionTag = Integer.toString(partition);
    long lag = UNKNOWN;
    for (Map.Entry<MetricName, ? extends Metric> entry : client.metrics().entrySet()) {
      MetricName name = entry.getKey();
      if (!LAG.equals(name.name())
          || !GROUP.equals(name.group())
          || !topic.equals(name.tags().get("topic"))
          || !partitionTag.equals(name.tags().get("partition"))) {
        continue;
      }
      if (entry.getValue().metricValue() instanceof Number value
          && !Double.isNaN(value.doubleValue())) {
        lag = Math.max(lag, (long) value.doubleValue());
      }
    }
    return lag;
  }
}
