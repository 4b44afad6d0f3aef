package io.slipstream.processor.topology;

import io.slipstream.processor.key.SliKey;
import java.util.HashMap;
import java.util.Map;

/**
 * One canonical {@link SliKey} per service and per operation, per task. Every decoded event brings
 * new String objects; looking the keys up here hashes each name once per event, after which the
 * stores' lookups hash and compare the same key objects, whose Strings have their hash cached.
 *
 * <p>Bounded: past {@code maxKeys} keys it starts again empty, so a flood of distinct operation
 * names costs allocations, never memory.
 */
final class SliKeyCache {
  private final int maxKeys;
  private final Map<String, ServiceKeys> services = new HashMap<>();
  private int keys;

  /** A service's key and its operations' keys. */
  private static final class ServiceKeys {
    final SliKey service;
    final Map<String, SliKey> operations = new HashMap<>();

    ServiceKeys(String service) {
      this.service = SliKey.forService(service);
    }
  }

  SliKeyCache(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** The key of {@code service} as a whole. */
  SliKey service(String service) {
    return keysOf(service).service;
  }

  /** The key of {@code operation} of {@code service}. */
  SliKey operation(String service, String operation) {
    ServiceKeys serviceKeys = keysOf(service);
    SliKey key = serviceKeys.operations.get(operation);
    if (key == null) {
      key = SliKey.forOperation(serviceKeys.service.service(), operation);
      serviceKeys.operations.put(operation, key);
      keys++;
    }
    return key;
  }

  private ServiceKeys keysOf(String service) {
    ServiceKeys serviceKeys = services.get(service);
    if (serviceKeys == null) {
      if (keys >= maxKeys) {
        services.clear();
        keys = 0;
      }
      serviceKeys = new ServiceKeys(service);
      services.put(service, serviceKeys);
      keys++;
    }
    return serviceKeys;
  }
}
