package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.bench.SloFleet;
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
 * left out; {@code bench/run-evaluation.sh} measures the whole tick. Lives in the engine's package
 * to reach its package-private accounting classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvaluationJmh {
  private static final long TICK_MS = 10_000;

  /** The rolling period: a 30-day period keeps 720 hours, a 1-hour one a single hour. */
  @Param({"30d", "1h"})
  public String period;

  private SloRuntime runtime;
  private long now;

  /** What the store answers for a window's oldest minute: 200 requests over six slots. */
  private final SloCounts tailMinute = new SloCounts();

  @Setup
  public void setUp() {
    String yaml = new SloFleet(1, 1, period).yaml(0);
    runtime =
        new SloRuntime(
            OpenSloParser.parse(SloFleet.sloId(0), yaml).definitions().get(0),
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
}
