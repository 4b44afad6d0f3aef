/**
 * Operational counters the topology records into: records dead-lettered by topic and reason ({@link
 * io.slipstream.processor.metrics.RejectionCounts}) and late events still counted ({@link
 * io.slipstream.processor.metrics.LateEvents}). Thread-safe, shared by every stream thread of one
 * instance.
 *
 * <p>The package sits below the topology and knows nothing of stores or HTTP: the Prometheus
 * exposition that reads these counters with the stores is {@code
 * io.slipstream.processor.prometheus}, a layer up.
 */
package io.slipstream.processor.metrics;
