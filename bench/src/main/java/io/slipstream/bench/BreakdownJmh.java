package io.slipstream.bench;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.breakdown.BreakdownCodec;
import io.slipstream.processor.slo.breakdown.MinuteBreakdown;
import io.slipstream.processor.slo.breakdown.WindowBreakdown;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The breakdown of bad events ({@code io.slipstream.processor.slo.breakdown}): one bad event into a
 * minute's breakdown, on the hot path (its values already kept) and with more instances than the 64
 * kept (most events folded, each a hash of the instance name); merging the 60 minutes of an hour,
 * from memory and from their stored bytes; a minute's codec.
 *
 * <p>A minute has 1,000 bad events over 10 operations, 3 regions, 9 zones, 30 instances and 4
 * statuses, one in ten traced: about 120 kept values, 2.9 kB encoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BreakdownJmh {
  private static final int EVENTS = 1_024;
  private static final int MINUTES = 60;
  private static final Outcome[] OUTCOMES = {Outcome.ERROR, Outcome.TIMEOUT, Outcome.CANCELLED};

  private final Fields hot = new Fields();
  private final Fields manyInstances = new Fields();
  private MinuteBreakdown warm;
  private MinuteBreakdown warmManyInstances;
  private final List<MinuteBreakdown> hour = new ArrayList<>();
  private final List<byte[]> storedHour = new ArrayList<>();
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    hot.fill(random, 30);
    manyInstances.fill(random, 5_000);
    warm = new MinuteBreakdown();
    warmManyInstances = new MinuteBreakdown();
    for (int i = 0; i < EVENTS; i++) {
      hot.offer(warm, i);
      manyInstances.offer(warmManyInstances, i);
    }
    for (int m = 0; m < MINUTES; m++) {
      Fields minuteFields = new Fields();
      minuteFields.fill(random, 30);
      MinuteBreakdown minute = new MinuteBreakdown();
      for (int i = 0; i < 1_000; i++) {
        minuteFields.offer(minute, i);
      }
      hour.add(minute);
      storedHour.add(BreakdownCodec.encode(minute));
    }
  }

  /** One bad event whose values are all kept already: seven hash-map hits. */
  @Benchmark
  public MinuteBreakdown offerBadHot() {
    hot.offer(warm, next());
    return warm;
  }

  /** One bad event from a fleet of 5,000 instances: the instance and contributor mostly folded. */
  @Benchmark
  public MinuteBreakdown offerBadManyInstances() {
    manyInstances.offer(warmManyInstances, next());
    return warmManyInstances;
  }

  /** An hour's window from its 60 minutes in memory, and its top contributor. */
  @Benchmark
  public Object mergeSixtyMinutes() {
    return WindowBreakdown.of(hour).topContributor();
  }

  /** The same from the minutes' stored bytes, as a query reads them from the store. */
  @Benchmark
  public Object decodeAndMergeSixtyMinutes() {
    List<MinuteBreakdown> minutes = new ArrayList<>(MINUTES);
    for (byte[] bytes : storedHour) {
      minutes.add(BreakdownCodec.decode(bytes));
    }
    return WindowBreakdown.of(minutes).topContributor();
  }

  @Benchmark
  public byte[] encodeMinute() {
    return BreakdownCodec.encode(hour.get(0));
  }

  @Benchmark
  public MinuteBreakdown decodeMinute() {
    return BreakdownCodec.decode(storedHour.get(0));
  }

  private int next() {
    next = (next + 1) & (EVENTS - 1);
    return next;
  }

  /** The fields of {@value #EVENTS} bad events, made up front as the Avro decoder hands them. */
  private static final class Fields {
    private final String[] operations = new String[EVENTS];
    private final String[] regions = new String[EVENTS];
    private final String[] zones = new String[EVENTS];
    private final String[] instances = new String[EVENTS];
    private final Integer[] statuses = new Integer[EVENTS];
    private final Outcome[] outcomes = new Outcome[EVENTS];
    private final String[] traceIds = new String[EVENTS];

    void fill(SplittableRandom random, int instanceCount) {
      for (int i = 0; i < EVENTS; i++) {
        String region = "region-" + random.nextInt(3);
        operations[i] = "GET /api/v1/resource-" + random.nextInt(10);
        regions[i] = region;
        zones[i] = region + "abc".charAt(random.nextInt(3));
        instances[i] = "pod-" + random.nextInt(instanceCount);
        statuses[i] = 500 + random.nextInt(4);
        outcomes[i] = OUTCOMES[random.nextInt(OUTCOMES.length)];
        traceIds[i] =
            random.nextInt(10) == 0
                ? String.format("%016x%016x", random.nextLong(), random.nextLong())
                : null;
      }
    }

    void offer(MinuteBreakdown breakdown, int i) {
      int at = i & (EVENTS - 1);
      breakdown.offerBad(
          operations[at],
          regions[at],
          zones[at],
          instances[at],
          statuses[at],
          outcomes[at],
          traceIds[at]);
    }
  }
}
