package io.slipstream.processor.slo.sla;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLAs in force, by id and by SLO. Written by the thread reading the {@code sla-definitions}
 * topic, read by every stream thread (once per SLO and evaluation) and the query API: lookups are
 * lock-free and see a consistent index.
 */
public final class SlaRegistry {
  private final Map<String, SlaDefinition> byId = new ConcurrentHashMap<>();
  private volatile Map<String, List<SlaDefinition>> bySlo = Map.of();
  private volatile long version;

  public synchronized void put(SlaDefinition sla) {
    byId.put(sla.id(), sla);
    reindex();
  }

  public synchronized void remove(String id) {
    if (byId.remove(id) != null) {
      reindex();
    }
  }

  public SlaDefinition byId(String id) {
    return byId.get(id);
  }

  /** Every SLA, by id. */
  public List<SlaDefinition> all() {
    List<SlaDefinition> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(SlaDefinition::id));
    return all;
  }

  /** The SLAs on SLO {@code sloId}, by id; empty when it has none. */
  public List<SlaDefinition> forSlo(String sloId) {
    return bySlo.getOrDefault(sloId, List.of());
  }

  private void reindex() {
    Map<String, List<SlaDefinition>> index = new HashMap<>();
    all().forEach(sla -> index.computeIfAbsent(sla.sloId(), id -> new ArrayList<>()).add(sla));
    index.replaceAll((id, list) -> List.copyOf(list));
    bySlo = Map.copyOf(index);
    version++;
  }

  /** Changes whenever an SLA is put or removed. */
  public long version() {
    return version;
  }
}
