package io.slipstream.processor.slo.sla;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLAs in force, by id. Written by the thread reading the {@code sla-definitions} topic, read
 * by every stream thread and the query API.
 */
public final class SlaRegistry {
  private final Map<String, SlaDefinition> byId = new ConcurrentHashMap<>();

  public void put(SlaDefinition sla) {
    byId.put(sla.id(), sla);
  }

  public void remove(String id) {
    byId.remove(id);
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

  /** The SLAs on SLO {@code sloId}, by id. */
  public List<SlaDefinition> forSlo(String sloId) {
    return all().stream().filter(sla -> sla.sloId().equals(sloId)).toList();
  }
}
