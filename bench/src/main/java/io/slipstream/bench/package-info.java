/**
 * The end-to-end throughput harness: one broker and one schema registry, each in its own JVM, a
 * topic preloaded with request events, and each variant under test (the plain-consumer physical
 * limit, Slipstream's topology, a naive Kafka Streams DSL baseline) timed in a JVM of its own from
 * start until its committed offsets reach the end of the topic. {@link
 * io.slipstream.bench.ThroughputBenchmark} is the entry point; {@code bench/run-throughput.sh}
 * builds and runs it.
 */
package io.slipstream.bench;
