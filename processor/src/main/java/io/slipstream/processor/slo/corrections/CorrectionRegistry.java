package io.slipstream.processor.slo.corrections;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The corrections in force, by id. Written by the thread that reads the {@code slo-corrections}
 * topic, read by every stream thread and the query API. Every change bumps {@link #version()}, so
 * the engine knows when to re-apply corrections.
 */
public final class CorrectionRegistry {
  private final Map<String, SloCorrection> byId = new ConcurrentHashMap<>();
  private volatile long version;

  /** Adds or replaces the correction with the same id. */
  public synchronized void put(SloCorrection correction) {
    byId.put(correction.id(), correction);
    version++;
  }

  /** Removes the correction with this id, if any. */
  public synchronized void remove(String id) {
    if (byId.remove(id) != null) {
      version++;
    }
  }

  /** Increases with every change; starts at 0. */
  public long version() {
    return version;
  }

  public SloCorrection byId(String id) {
    return byId.get(id);
  }

  /** Every correction, by start then id. */
  public List<SloCorrection> all() {
    List<SloCorrection> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparingLong(SloCorrection::startMs).thenComparing(SloCorrection::id));
    return all;
  }

  /** The corrections that apply to {@code definition}, by start then id. */
  public List<SloCorrection> forSlo(SloDefinition definition) {
    return forSlo(definition, all());
  }

  static List<SloCorrection> forSlo(SloDefinition definition, Collection<SloCorrection> all) {
    return all.stream().filter(c -> c.appliesTo(definition)).toList();
  }
}
