package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.ApicurioSchemaRegistry;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluation cost and heap of a grouped SLO's instances: one availability SLO grouped by customer,
 * one request of each of N customers (so N instances are accounted), then evaluation ticks through
 * the production topology ({@link EvaluationRun}): the first, where every instance publishes its
 * first evaluation, and the following ones, where nothing changed and nothing is published. Heap
 * per instance: retained heap after full collections, after minus before the N requests, over N.
 *
 * <p>Usage: {@code GroupedEvaluationBenchmark [--groups=100000,1000000] [--ticks=6]
 * [--histogram=0]}; prints a Markdown table. With {@code --histogram=N} it also prints, to standard
 * error, the N classes holding the most live heap after each size's ticks (what an instance is made
 * of).
 */
public final class GroupedEvaluationBenchmark {
  private static final String SLO =
      SloFleet.groupedByCustomer("by-customer", SloFleet.service(0), 10_000_000);

  private GroupedEvaluationBenchmark() {}

  public static void main(String[] args) {
    Flags flags = Flags.parse(args, System.getProperties(), "bench.");
    List<Integer> counts =
        Arrays.stream(flags.string("groups", "100000,1000000").split(","))
            .map(s -> Integer.parseInt(s.replace("_", "").trim()))
            .toList();
    int ticks = (int) flags.longValue("ticks", 6);
    int histogram = (int) flags.longValue("histogram", 0);
    List<String> rows = new ArrayList<>();
    try (ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      measure(registry.url(), 10_000, ticks, 0); // warms the JIT, unreported
      for (int groups : counts) {
        rows.add(measure(registry.url(), groups, ticks, histogram));
      }
    }
    System.out.println(
        "| instances | accounting (s) | first tick (ms, all publish) | later ticks, median (ms)"
            + " | µs per instance per tick | heap per instance, accounted (bytes)"
            + " | heap per instance, after the ticks (bytes) |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String measure(String registryUrl, int groups, int ticks, int histogram) {
    long start = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L;
    try (EvaluationRun run = new EvaluationRun(registryUrl, registry(), start)) {
      long heapBefore = usedHeapAfterGc();
      long began = System.nanoTime();
      for (int customer = 0; customer < groups; customer++) {
        run.send(request(customer, start + customer % 10_000));
        if (customer % 50_000 == 49_999) {
          run.drain();
        }
      }
      run.drain();
      double accountingSeconds = (System.nanoTime() - began) / 1e9;
      long heapPerInstance = (usedHeapAfterGc() - heapBefore) / groups;
      long first = run.tick(1);
      long published = run.drain();
      long[] later = new long[ticks];
      for (int tick = 0; tick < ticks; tick++) {
        later[tick] = run.tick(tick + 2);
        run.drain();
      }
      long heapAfterTicks = (usedHeapAfterGc() - heapBefore) / groups;
      if (histogram > 0) {
        System.err.println(LiveHeapHistogram.top(histogram));
      }
      Arrays.sort(later);
      double median = later[ticks / 2] / 1e6;
      System.err.printf(
          Locale.ROOT,
          "%d instances: %d evaluations published at the first tick%n",
          groups,
          published);
      return String.format(
          Locale.ROOT,
          "| %,d | %.1f | %.0f | %.0f | %.2f | %,d | %,d |",
          groups,
          accountingSeconds,
          first / 1e6,
          median,
          median * 1000 / groups,
          heapPerInstance,
          heapAfterTicks);
    }
  }

  private static RequestEvent request(int customer, long time) {
    RequestEvent event = SloFleet.request(0, time, false);
    event.setAttributes(Map.of("customer", "customer-" + customer));
    return event;
  }

  private static SloRegistry registry() {
    SloParseResult parsed = OpenSloParser.parse("by-customer", SLO);
    if (!parsed.isClean()) {
      throw new IllegalStateException(parsed.errorReport());
    }
    SloRegistry registry = new SloRegistry();
    parsed.definitions().forEach(registry::put);
    return registry;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
