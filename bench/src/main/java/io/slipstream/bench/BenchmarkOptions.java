package io.slipstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What one run of the throughput harness does. Precedence: the defaults here &lt; system properties
 * {@code -Dbench.<name>=...} &lt; arguments {@code --<name>=...}.
 *
 * @param events request events loaded and processed (default 5,000,000)
 * @param eventTimeSpan the event times cover this span, ending just before loading (default 10 min)
 * @param maxDisorder an event's time lies up to this much before its place in the sequence (default
 *     2 s; must stay below the processor's 1 min grace so nothing is dead-lettered as late)
 * @param seed seed of the event generator; the same seed loads the same events
 * @param tracedShare share of events that carry a trace id (default 0.10)
 * @param partitions partitions of the input topics (default 2)
 * @param compression the loader's {@code compression.type} (default lz4)
 * @param variants what to time, in this order (default: all, physical limit first)
 * @param repeats rounds of all variants (default 3); the report compares the best runs. The capped
 *     baseline runs in the first round only
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
 * @param childJvmArgs extra JVM options for the broker's and the variants' JVMs, separated by
 *     spaces (default none; the smoke test uses C1 only, which starts faster)
 * @param outDir where results, logs, state and the recording go (default target/throughput)
 * @param doc a markdown file whose generated section gets the results, or null for none
 * @param command how the run was started, for the report
 * @param quietThreshold before each variant, wait until at most this share of all cores is busy
 *     (default 0.2: the idle broker and registry use a few per cent)
 * @param quietTimeout wait at most this long for quiet, then measure anyway and say so (default 2
 *     min; 0 skips the wait)
 * @param slipstreamOverrides Kafka Streams settings that replace StreamsSettings' defaults in the
 *     Slipstream runs only ({@code --slipstream-overrides=max.task.idle.ms=-1,...}); empty for the
 *     defaults (the measured configuration); for experiments
 * @param slos availability SLOs defined before the Slipstream runs, one on each of the first
 *     services (default 20; 0 for none), so the SLO engine counts and evaluates as in production
 * @param customers events carry the attribute {@code customer}, one of this many (default 0: none)
 * @param firstServiceShare the share of events sent to the first service on top of its even share
 *     (default 0)
 * @param groupedSlo whether an availability SLO of the first service grouped by customer is defined
 *     too (default false)
 * @param lateShare the share of events sent 2 to 5 minutes behind their place, past the grace
 *     period, so that the processor counts them late (default 0)
 */
record BenchmarkOptions(
    long events,
    Duration eventTimeSpan,
    Duration maxDisorder,
    long seed,
    double tracedShare,
    int partitions,
    String compression,
    List<Variant> variants,
    int repeats,
    Duration variantTimeLimit,
    Duration baselineTimeLimit,
    long baselineMaxRecords,
    boolean jfr,
    String variantHeap,
    String brokerHeap,
    List<String> childJvmArgs,
    Path outDir,
    Path doc,
    String command,
    double quietThreshold,
    Duration quietTimeout,
    Map<String, String> slipstreamOverrides,
    int slos,
    int customers,
    double firstServiceShare,
    boolean groupedSlo,
    double lateShare) {

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
    if (!(tracedShare >= 0 && tracedShare <= 1)) {
      throw new IllegalArgumentException("--traced-share must be in [0, 1], was " + tracedShare);
    }
    if (!(lateShare >= 0 && lateShare < 1)) {
      throw new IllegalArgumentException("--late-share must be in [0, 1), was " + lateShare);
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("--repeats must be positive, was " + repeats);
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("--variants must name at least one variant");
    }
    if (slos < 0 || slos > RequestEventGenerator.SERVICES) {
      throw new IllegalArgumentException(
          "--slos must be between 0 and " + RequestEventGenerator.SERVICES + ", was " + slos);
    }
    variants = List.copyOf(variants);
    childJvmArgs = List.copyOf(childJvmArgs);
    slipstreamOverrides = Map.copyOf(slipstreamOverrides);
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
        Double.parseDouble(
            flags.string(
                "traced-share", Double.toString(RequestEventGenerator.DEFAULT_TRACED_SHARE))),
        (int) flags.longValue("partitions", 2),
        flags.string("compression", "lz4"),
        Arrays.stream(
                flags
                    .string(
                        "variants",
                        "plain-consumer,streams-decode-only,slipstream,naive-dsl-tumbling,naive-dsl")
                    .split(","))
            .filter(id -> !id.isBlank())
            .map(Variant::fromId)
            .toList(),
        (int) flags.longValue("repeats", 3),
        flags.seconds("time-limit-seconds", Duration.ofMinutes(10)),
        flags.seconds("baseline-time-limit-seconds", Duration.ofMinutes(2)),
        flags.longValue("baseline-max-records", 0),
        flags.bool("jfr", true),
        flags.string("variant-heap", "1g"),
        flags.string("broker-heap", "1g"),
        Arrays.stream(flags.string("child-jvm-args", "").split(" "))
            .filter(arg -> !arg.isBlank())
            .toList(),
        Path.of(flags.string("out", "target/throughput")),
        doc.isBlank() ? null : Path.of(doc),
        flags.string(
            "command", "java io.slipstream.bench.ThroughputBenchmark " + String.join(" ", args)),
        Double.parseDouble(flags.string("quiet-threshold", "0.2")),
        flags.seconds("quiet-timeout-seconds", Duration.ofMinutes(2)),
        parseSettings(flags.string("slipstream-overrides", "")),
        (int) flags.longValue("slos", 20),
        (int) flags.longValue("customers", 0),
        Double.parseDouble(flags.string("first-service-share", "0")),
        flags.bool("grouped-slo", false),
        Double.parseDouble(flags.string("late-share", "0")));
  }

  /**
   * Parses {@code name=value,name=value}.
   *
   * @throws IllegalArgumentException for a part without {@code =}
   */
  static Map<String, String> parseSettings(String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int equals = part.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("expected name=value, got '" + part + "'");
      }
      settings.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
    }
    return settings;
  }

  /** The inverse of {@link #parseSettings}. */
  static String formatSettings(Map<String, String> settings) {
    StringBuilder text = new StringBuilder();
    settings.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? "" : ",").append(name).append('=').append(value));
    return text.toString();
  }
}
