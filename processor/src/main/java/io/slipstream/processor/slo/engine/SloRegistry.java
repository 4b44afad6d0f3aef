package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.ArrayList;
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

  /**
   * Each service's definitions as an immutable list, replaced whole when one of them changes: a
   * change re-indexes its service only, so loading n definitions costs O(n), not O(n²).
   */
  private final Map<String, List<SloDefinition>> byService = new ConcurrentHashMap<>();

  /** Counts the changes; read without the lock by the stream threads. */
  private volatile long version;

  /** Adds or replaces the definition with the same id. */
  public synchronized void put(SloDefinition definition) {
    SloDefinition previous = byId.put(definition.id(), definition);
    if (previous != null && !previous.service().equals(definition.service())) {
      withoutId(previous.service(), previous.id());
    }
    List<SloDefinition> updated = new ArrayList<>(forService(definition.service()));
    updated.removeIf(existing -> existing.id().equals(definition.id()));
    updated.add(definition);
    byService.put(definition.service(), List.copyOf(updated));
    version++;
  }

  /** Removes the definition with this id, if any. */
  public synchronized void remove(String id) {
    SloDefinition removed = byId.remove(id);
    if (removed != null) {
      withoutId(removed.service(), id);
      version++;
    }
  }

  /**
   * A number that changes whenever a definition is added, replaced or removed: the same number
   * means the same definitions.
   */
  public long version() {
    return version;
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

  private void withoutId(String service, String id) {
    List<SloDefinition> remaining =
        forService(service).stream().filter(existing -> !existing.id().equals(id)).toList();
    if (remaining.isEmpty()) {
      byService.remove(service);
    } else {
      byService.put(service, remaining);
    }
  }
}
