package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLO definitions in force, by id and by service. Written by the thread that reads the {@code
 * slo-definitions} topic, read by every stream thread: lookups are lock-free and see each
 * definition whole.
 */
public final class SloRegistry {
  private final Map<String, SloDefinition> byId = new ConcurrentHashMap<>();
  private volatile Map<String, List<SloDefinition>> byService = Map.of();

  /** Adds or replaces the definition with the same id. */
  public synchronized void put(SloDefinition definition) {
    byId.put(definition.id(), definition);
    reindex();
  }

  /** Removes the definition with this id, if any. */
  public synchronized void remove(String id) {
    if (byId.remove(id) != null) {
      reindex();
    }
  }

  /** The definitions of {@code service}'s SLOs; empty when it has none. */
  public List<SloDefinition> forService(String service) {
    return byService.getOrDefault(service, List.of());
  }

  public SloDefinition byId(String id) {
    return byId.get(id);
  }

  public Collection<SloDefinition> all() {
    return List.copyOf(byId.values());
  }

  private void reindex() {
    Map<String, List<SloDefinition>> index = new ConcurrentHashMap<>();
    byId.values()
        .forEach(d -> index.computeIfAbsent(d.service(), s -> new java.util.ArrayList<>()).add(d));
    index.replaceAll((service, list) -> List.copyOf(list));
    byService = Map.copyOf(index);
  }
}
