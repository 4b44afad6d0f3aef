/**
 * The Java client library: {@link io.slipstream.ingest.client.SlipstreamPublisher} (never blocks
 * the caller; circuit breaker, spool and in-order replay when Kafka is unreachable), trace context
 * from W3C {@code traceparent} headers or the current OpenTelemetry span, and adapters that need no
 * code: a Jakarta Servlet filter and an OpenTelemetry SDK span exporter.
 */
package io.slipstream.ingest.client;
