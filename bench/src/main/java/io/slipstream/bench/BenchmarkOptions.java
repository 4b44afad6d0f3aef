package io.slipstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What one run of the throughput harness does. Precedence: the defaults here &lt; system properties
 * {@code -Dbench.<name>=...} &lt; arguments {@code --<name>=...}.
 *
 * @param events request events loaded and processed (default 5,000,000)
 * @param eventTimeSpan the event times cover this span, ending just before loading (default 10
 *     min)
 * @param maxDisorder an event's time lies up to this much before its place in the sequence (default
 *     2 s; must stay below the processor's 1 min grace so nothing is dead-lettered as late)
 * @param seed seed of the event generator; the same seed loads the same events
 * @param partitions partitions of the input topics (default 2)
 * @param compression the loader's {@code compression.type} (default lz4)
 * @param variants what to time, in this order (default: all, physical limit first)
 * @param variantTimeLimit upper bound of one variant's run (default 600 s); a run that hits it
 *     fails, except the capped baseline
 * @param baselineTimeLimit the naive DSL with hopping windows is stopped after this long and its
 *     rate computed over what it committed by then (default 120 s)
 * @param baselineMaxRecords the same baseline also stops once it committed this many records; 0
 *     means no such cap (default)
 * @param jfr whether to run Slipstream once more under Java Flight Recorder and summarize its hot
 *     methods (default true); that run is not one of the measured ones
 * @param variantHeap {@code -Xms}/{@code -Xmx} of each variant's JVM (default 1g)
 * @param brokerHeap {@code -Xms}/{@code -Xmx} of the broker's JVM (default 1g)
 * @param outDir where results, logs, state and the recording go (default target/throughput)
 * @param doc a markdown file whose generated section gets the results, or null for none
 * @param command how the run was started, for the report
 */
record BenchmarkOptions(
    long events,
    Duration eventTimeSpan,
    Duration maxDisorder,
    long seed,
    int partitions,
    String compression,
    List<Variant> variants,
    Duration variantTimeLimit,
    Duration baselineTimeLimit,
    long baselineMaxRecords,
    boolean jfr,
    String variantHeap,
    String brokerHeap,
    Path outDir,
    Path doc,
    String command) {

  static final String SYSTEM_PROPERTY_PREFIX = "bench.";

  BenchmarkOptions {
    if (events < 1) {
      throw new IllegalArgumentException("--events must be positive, was " + events);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be positive, was " + partitions);
    }
    if (maxDisorder.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "--disorder-ms must stay well below the 1 min grace, was " + maxDisorder);
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("--variants must name at least one variant");
    }
    variants = List.copyOf(variants);
  }

  /** Reads the options from arguments over system properties. */
  static BenchmarkOptions parse(String[] args, Properties systemProperties) {
    Flags flags = Flags.parse(args, systemProperties, SYSTEM_PROPERTY_PREFIX);
    String doc = flags.string("doc", "");
    return new BenchmarkOptions(
        flags.longValue("events", 5_000_000),
        flags.seconds("span-seconds", Duration.ofMinutes(10)),
        Duration.ofMillis(flags.longValue("disorder-ms", 2_000)),
        flags.longValue("seed", 42),
        (int) flags.longValue("partitions", 2),
        flags.string("compression", "lz4"),
        Arrays.stream(
                flags
                    .string(
                        "variants",
                        "plain-consumer,slipstream,naive-dsl-tumbling,naive-dsl")
                    .split(","))
            .filter(id -> !id.isBlank())
            .map(Variant::fromId)
            .toList(),
        flags.seconds("time-limit-seconds", Duration.ofMinutes(10)),
        flags.seconds("baseline-time-limit-seconds", Duration.ofMinutes(2)),
        flags.longValue("baseline-max-records", 0),
        flags.bool("jfr", true),
        flags.string("variant-heap", "1g"),
        flags.string("broker-heap", "1g"),
        Path.of(flags.string("out", "target/throughput")),
        doc.isBlank() ? null : Path.of(doc),
        flags.string("command", "java io.slipstream.bench.ThroughputBenchmark " + String.join(" ", args)));
  }
}
