/**
 * The end-to-end throughput harness: one broker and one schema registry, each in its own JVM, a
 * topic preloaded with request events, and each variant under test (the plain-consumer physical
 * limit, Slipstream's topology, a naive Kafka Streams DSL baseline) timed in a JVM of its own from
 * start until its committed offsets reach the end of the topic. {@link
 * io.slipstream.bench.ThroughputBenchmark} is the entry point; {@code bench/run-throughput.sh}
 * builds and runs it.
 *
 * <p>The other harnesses: {@link io.slipstream.bench.EvaluationBenchmark} (SLO evaluation cost and
 * heap per SLO on the production topology, {@code bench/run-evaluation.sh}), {@link
 * io.slipstream.bench.AlertLatencyBenchmark} (page latency, state size and restore time on the real
 * stack, {@code bench/run-alerting.sh}) and {@link io.slipstream.bench.JmhBenchmarks} (JMH
 * micro-benchmarks, the {@code *Jmh} classes, {@code bench/run-jmh.sh}).
 */
package io.slipstream.bench;
