/**
 * The instance's metrics in Prometheus text format ({@link
 * io.slipstream.processor.prometheus.SlipstreamMetrics}): Kafka Streams and JVM metrics, the
 * counters of {@code io.slipstream.processor.metrics}, and per-SLO gauges read from the stores at
 * each scrape. Served at {@code /metrics} by the query server.
 */
package io.slipstream.processor.prometheus;
