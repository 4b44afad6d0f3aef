package io.slipstream.processor.slo.breakdown;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the bad events of one SLO instance in one minute came from: for every {@link
 * BreakdownDimension}, exact counts of up to C distinct values (the value limit, default {@value
 * #DEFAULT_VALUE_LIMIT}) with up to E exemplar trace ids each (the exemplar limit, default {@value
 * #DEFAULT_EXEMPLAR_LIMIT}), and the folded count of the events of every other value.
 *
 * <p><b>A function of the events, not of their order.</b> In each dimension the kept values are the
 * C distinct values with the smallest 64-bit {@link StableHash hash} of their UTF-8 bytes (ties to
 * the smaller value) among all values seen; a value's exemplars are the E smallest distinct trace
 * ids ({@link String#compareTo} order) of its bad traced events. So whatever order Kafka delivers
 * the events in, and however they are split into minutes and {@link #mergeFrom merged}, the result
 * is the same, and it equals offering all the events to one breakdown.
 *
 * <p><b>What is exact.</b> The total, every kept value's count and exemplars, and each dimension's
 * {@link #folded folded} count (the total minus the kept counts). A value is kept only if it is
 * among the C smallest hashes of the whole set, and then no minute ever folded it, so a count that
 * is reported is never an underestimate. What is lost is the name of a folded value: its events are
 * counted, not attributed. With at most C distinct values in a dimension nothing is folded.
 *
 * <p>The kept set is a uniform sample of the distinct values, not the most frequent ones: with more
 * than C distinct values in a dimension (instances of a large fleet), the worst value is kept with
 * probability C / distinct values, and its share shows up in the folded count otherwise.
 *
 * <p>Costs: an empty breakdown is a few fields (the dimensions are allocated by the first bad
 * event); a bad event is one hash-map lookup per dimension and allocates nothing when its values
 * are already kept, or folded. Mutable, not thread-safe; owned by one stream task.
 */
public final class MinuteBreakdown {
  public static final int DEFAULT_VALUE_LIMIT = 64;
  public static final int DEFAULT_EXEMPLAR_LIMIT = 3;

  private static final BreakdownDimension[] DIMENSIONS = BreakdownDimension.values();
  private static final int OPERATION = BreakdownDimension.OPERATION.ordinal();
  private static final int REGION = BreakdownDimension.REGION.ordinal();
  private static final int ZONE = BreakdownDimension.ZONE.ordinal();
  private static final int INSTANCE = BreakdownDimension.INSTANCE.ordinal();
  private static final int STATUS = BreakdownDimension.STATUS.ordinal();
  private static final int OUTCOME = BreakdownDimension.OUTCOME.ordinal();
  private static final int CONTRIBUTOR = BreakdownDimension.CONTRIBUTOR.ordinal();

  /** The text of status codes 0 to 999, so the hot path does not format numbers. */
  private static final String[] STATUS_TEXT = new String[1000];

  static {
    for (int code = 0; code < STATUS_TEXT.length; code++) {
      STATUS_TEXT[code] = Integer.toString(code);
    }
  }

  private int valueLimit;
  private int exemplarLimit;
  private long totalBad;
  private DimensionCounts[] dimensions;
  private StableHash hasher;
  private ContributorKey probe;

  /** A breakdown with the default limits. */
  public MinuteBreakdown() {
    this(DEFAULT_VALUE_LIMIT, DEFAULT_EXEMPLAR_LIMIT);
  }

  /**
   * @param valueLimit C, the most values kept per dimension; at least 1
   * @param exemplarLimit E, the most trace ids kept per value; at least 0
   */
  public MinuteBreakdown(int valueLimit, int exemplarLimit) {
    if (valueLimit < 1 || exemplarLimit < 0) {
      throw new IllegalArgumentException(
          "value limit must be at least 1 and exemplar limit at least 0, not "
              + valueLimit
              + " and "
              + exemplarLimit);
    }
    this.valueLimit = valueLimit;
    this.exemplarLimit = exemplarLimit;
  }

  /**
   * Counts a bad request event, as {@link #offerBad(String, String, String, String, Integer,
   * Outcome, String)} does with its fields.
   */
  public void offerBad(RequestEvent event) {
    offerBad(
        event.getOperation(),
        event.getRegion(),
        event.getZone(),
        event.getInstance(),
        event.getStatusCode(),
        event.getOutcome(),
        event.getTraceId());
  }

  /**
   * Counts one bad event in every dimension, and offers its trace id as an exemplar of each of its
   * values.
   *
   * @param operation never null
   * @param region null counts as {@link BreakdownDimension#UNKNOWN}, as do a null zone and instance
   * @param statusCode the HTTP status, or null for {@link BreakdownDimension#NO_STATUS}
   * @param outcome never null
   * @param traceId null when the request was not traced
   * @throws NullPointerException when operation or outcome is null; nothing is counted then
   */
  public void offerBad(
      String operation,
      String region,
      String zone,
      String instance,
      Integer statusCode,
      Outcome outcome,
      String traceId) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    String regionValue = orUnknown(region);
    String status = statusText(statusCode);
    DimensionCounts[] counts = dimensions();
    count(counts[OPERATION], operation, traceId);
    count(counts[REGION], regionValue, traceId);
    count(counts[ZONE], orUnknown(zone), traceId);
    count(counts[INSTANCE], orUnknown(instance), traceId);
    count(counts[STATUS], status, traceId);
    count(counts[OUTCOME], outcome.name(), traceId);
    countContributor(counts[CONTRIBUTOR], operation, regionValue, status, traceId);
    totalBad++;
  }

  /**
   * Adds the events of another breakdown, which is left unchanged (it may be this one). The result
   * is the breakdown of the union of both sets of events, so merging is associative and
   * commutative.
   *
   * <p>When the two were made with different limits, the result has the smaller of each: the larger
   * cannot be honoured exactly (the other breakdown already folded what it would keep).
   */
  public void mergeFrom(MinuteBreakdown other) {
    long otherTotal = other.totalBad;
    DimensionCounts[] theirs = other.dimensions;
    int values = Math.min(valueLimit, other.valueLimit);
    int exemplars = Math.min(exemplarLimit, other.exemplarLimit);
    if (values < valueLimit || exemplars < exemplarLimit) {
      valueLimit = values;
      exemplarLimit = exemplars;
      if (dimensions != null) {
        for (DimensionCounts counts : dimensions) {
          counts.trim(values, exemplars);
        }
      }
    }
    if (otherTotal == 0) {
      return;
    }
    DimensionCounts[] mine = dimensions();
    for (int i = 0; i < mine.length; i++) {
      mine[i].mergeFrom(theirs[i], valueLimit, exemplarLimit);
    }
    totalBad += otherTotal;
  }

  /** The number of bad events counted, exact. */
  public long totalBad() {
    return totalBad;
  }

  public boolean isEmpty() {
    return totalBad == 0;
  }

  /**
   * The bad events of the dimension that are counted but not attributed to a value: those of the
   * values beyond the C kept. Exact; zero when the dimension never saw more than C values.
   */
  public long folded(BreakdownDimension dimension) {
    return dimensions == null ? 0 : dimensions[dimension.ordinal()].folded;
  }

  /** C, the most values kept per dimension. */
  public int valueLimit() {
    return valueLimit;
  }

  /** E, the most exemplar trace ids kept per value. */
  public int exemplarLimit() {
    return exemplarLimit;
  }

  /** The kept values of a dimension in value order; empty for an empty breakdown. */
  List<KeptValue> kept(BreakdownDimension dimension) {
    return dimensions == null ? List.of() : dimensions[dimension.ordinal()].byValue();
  }

  /**
   * Restores a kept value, with a count but no exemplars yet; for the codec, which checks the
   * limits and the totals.
   */
  KeptValue restore(BreakdownDimension dimension, String value, long count) {
    Object key =
        dimension == BreakdownDimension.CONTRIBUTOR
            ? contributorKey(Contributor.decode(value))
            : value;
    KeptValue kept = dimensions()[dimension.ordinal()].insert(key, value, StableHash.of(value));
    kept.count = count;
    return kept;
  }

  void restoreFolded(BreakdownDimension dimension, long folded) {
    dimensions()[dimension.ordinal()].folded = folded;
  }

  void restoreTotal(long total) {
    totalBad = total;
  }

  private static ContributorKey contributorKey(Contributor contributor) {
    return new ContributorKey()
        .set(contributor.operation(), contributor.region(), contributor.status());
  }

  private void count(DimensionCounts counts, String value, String traceId) {
    KeptValue kept = counts.kept.get(value);
    if (kept == null) {
      long hash = hasher.ofValue(value);
      if (!counts.makeRoomFor(hash, value, valueLimit)) {
        counts.folded++;
        return;
      }
      kept = counts.insert(value, value, hash);
    }
    kept.count++;
    kept.offerExemplar(traceId, exemplarLimit);
  }

  private void countContributor(
      DimensionCounts counts, String operation, String region, String status, String traceId) {
    ContributorKey key = probe.set(operation, region, status);
    KeptValue kept = counts.kept.get(key);
    if (kept == null) {
      long hash = hasher.ofContributor(operation, region, status);
      if (!counts.makeRoomFor(hash, key, valueLimit)) {
        counts.folded++;
        return;
      }
      ContributorKey stored = key.copy();
      kept = counts.insert(stored, stored.encoded(), hash);
    }
    kept.count++;
    kept.offerExemplar(traceId, exemplarLimit);
  }

  private DimensionCounts[] dimensions() {
    if (dimensions == null) {
      dimensions = new DimensionCounts[DIMENSIONS.length];
      for (int i = 0; i < dimensions.length; i++) {
        dimensions[i] = new DimensionCounts();
      }
      hasher = new StableHash();
      probe = new ContributorKey();
    }
    return dimensions;
  }

  private static String orUnknown(String value) {
    return value == null ? BreakdownDimension.UNKNOWN : value;
  }

  private static String statusText(Integer statusCode) {
    if (statusCode == null) {
      return BreakdownDimension.NO_STATUS;
    }
    int code = statusCode;
    return code >= 0 && code < STATUS_TEXT.length ? STATUS_TEXT[code] : Integer.toString(code);
  }

  /** Equal when made with the same limits and holding the same counts and exemplars. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof MinuteBreakdown breakdown)
        || valueLimit != breakdown.valueLimit
        || exemplarLimit != breakdown.exemplarLimit
        || totalBad != breakdown.totalBad) {
      return false;
    }
    return totalBad == 0 || Arrays.equals(dimensions, breakdown.dimensions);
  }

  @Override
  public int hashCode() {
    int hash = (valueLimit * 31 + exemplarLimit) * 31 + Long.hashCode(totalBad);
    return totalBad == 0 ? hash : hash * 31 + Arrays.hashCode(dimensions);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("MinuteBreakdown{totalBad=").append(totalBad);
    if (dimensions != null) {
      for (BreakdownDimension dimension : DIMENSIONS) {
        text.append(", ").append(dimension).append('=').append(dimensions[dimension.ordinal()]);
      }
    }
    return text.append('}').toString();
  }
}
