package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.processor.slo.corrections.AppliedCorrections;
import io.slipstream.processor.slo.spec.OpenSloParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SLO engine's in-memory work: counting an event into an SLO's minute ring and period, and
 * evaluating one SLO (advancing its ring and period by one 10 s tick, computing every window's burn
 * rate and the budget, building the published record). Store access and the alert state machine are
 * left out; {@code bench/run-evaluation.sh} measures the whole tick.
 *
 * <p>A white-box benchmark: it lives in the engine's package to reach its package-private
 * accounting ({@code SloRuntime}'s minute ring and period counter, {@code SloSnapshot}). Those are
 * not made public for it: their invariants (what has been counted before which tick) are kept by
 * {@code SloAccountant} alone, and a public API would let any caller break them. It is the only
 * bench class inside a processor package, and it depends on nothing of the bench's own (its SLO is
 * written out here rather than taken from {@code SloFleet}), so the split package adds no cycle;
 * {@code io.slipstream.bench.BenchArchitectureTest} checks both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvaluationJmh {
  private static final long TICK_MS = 10_000;

  /**
   * A 99.9 % availability SLO (default alert table) over the rolling {@link #period}: the SLO the
   * evaluation benchmark's fleet is made of.
   */
  /** The availability SLO every benchmark SLO is made from (name, service, period). */
  private static final String AVAILABILITY = availabilityTemplate();

  /** The rolling period: a 30-day period keeps 720 hours, a 1-hour one a single hour. */
  @Param({"30d", "1h"})
  public String period;

  private SloRuntime runtime;
  private long now;

  /** What the store answers for a window's oldest minute: 200 requests over six slots. */
  private final SloCounts tailMinute = new SloCounts();

  @Setup
  public void setUp() {
    runtime =
        new SloRuntime(
            "slo-0",
            OpenSloParser.parse("slo-0", AVAILABILITY.formatted("slo-0", "svc-0", period))
                .definitions()
                .get(0),
            null,
            AppliedCorrections.NONE,
            TICK_MS);
    now = 1_700_000_000_000L;
    for (int slot = 0; slot < 6; slot++) {
      tailMinute.addAt(slot * 10_000, 33, 33);
    }
    // Three days of history at 200 requests a minute, 0.1 % bad.
    for (long t = now - 3 * 86_400_000L; t < now; t += 60_000) {
      runtime.minutes.add(t, 199, 200);
      runtime.period.add(t, 199, 200);
    }
  }

  @Benchmark
  public SloRuntime countEvent() {
    now += 1;
    runtime.minutes.add(now, 1, 1);
    runtime.period.add(now, 1, 1);
    return runtime;
  }

  @Benchmark
  public BurnRateEvaluation evaluateOneSlo() {
    now += TICK_MS;
    runtime.minutes.add(now, 199, 200);
    runtime.minutes.advanceTo(now);
    runtime.period.advanceTo(now);
    return SloSnapshot.of(runtime, now, minute -> tailMinute).toRecord();
  }

  /** The template in the bench's resources, read directly: this class may not use the bench's. */
  private static String availabilityTemplate() {
    try (java.io.InputStream in =
        EvaluationJmh.class.getResourceAsStream("/io/slipstream/bench/availability-slo.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
