package io.slipstream.processor.topology;

import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open base buckets of services as a whole, each the merge of its operations' buckets in the
 * same window.
 *
 * <p>Why: every request belongs to one operation of one service. Counting it in both buckets
 * doubles the per-event work (a store lookup, a sketch insertion, an exemplar offer); merging the
 * operations' buckets costs a few sketch merges per service and window, once per commit and once
 * when the window closes. A merge is lossless (see {@link RequestBucket#merge}), so a service's
 * bucket is exactly what counting every request in it would give.
 *
 * <p>A service's bucket is brought up to date from its operations' before it is committed, closed,
 * or read by the SLO stage ({@link LiveWindowStore#deriveKeys}); only windows one of whose
 * operations changed since the last commit are merged again. The store tells an operation bucket's
 * first change after a commit; later changes before the next commit fall in a window already
 * listed, which is why a read merges the listed windows it reads but keeps them listed. Late
 * events, whose base bucket has closed, are counted in the service's bucket directly. Which
 * operations an open window has is kept in memory and read back from the open-bucket index when a
 * task starts. Not thread-safe: the owning stream thread only.
 */
final class ServiceBuckets implements LiveWindowStore.Derivation<SliKey> {
  private final LiveWindowStore<SliKey, RequestBucket> buckets;

  /** The operations with a bucket in each open service window. */
  private final Map<Window, List<SliKey>> operations = new HashMap<>();

  /** Open service windows one of whose operations changed since the last commit. */
  private final Set<Window> changed = new LinkedHashSet<>();

  /** One service's base bucket window. */
  private record Window(SliKey service, long start) {
    static Window of(SliKey operation, long start) {
      return new Window(SliKey.forService(operation.service()), start);
    }
  }

  ServiceBuckets(LiveWindowStore<SliKey, RequestBucket> buckets) {
    this.buckets = buckets;
    buckets.deriveKeys(this);
  }

  /** Records that {@code operation} had a bucket open at {@code start} when the task started. */
  void reopened(SliKey operation, long start) {
    operations
        .computeIfAbsent(Window.of(operation, start), window -> new ArrayList<>())
        .add(operation);
  }

  /**
   * Records that {@code operation} has a new bucket in the window at {@code start}; the service's
   * bucket is merged before it is read or committed.
   *
   * @return whether the window is new to its service
   */
  boolean opened(SliKey operation, long start) {
    Window window = Window.of(operation, start);
    List<SliKey> members = operations.get(window);
    boolean first = members == null;
    if (first) {
      members = new ArrayList<>();
      operations.put(window, members);
    }
    members.add(operation);
    changed.add(window);
    return first;
  }

  /**
   * Records that the bucket of {@code operation} at {@code start} changed for the first time since
   * the last commit.
   */
  void changed(SliKey operation, long start) {
    changed.add(Window.of(operation, start));
  }

  /**
   * The bucket of {@code service} in the window at {@code start}, merged from its operations', as
   * it closes; the window is forgotten. Null when the window was not open here.
   */
  RequestBucket close(SliKey service, long start) {
    Window window = new Window(service, start);
    changed.remove(window);
    List<SliKey> members = operations.remove(window);
    if (members == null) {
      return null;
    }
    RequestBucket merged = merge(members, start);
    buckets.put(service, start, merged);
    return merged;
  }

  @Override
  public boolean derives(SliKey key) {
    return key.isServiceLevel();
  }

  @Override
  public void beforeRead(SliKey service, long from, long to) {
    if (from == to) {
      // One window (an alert's exemplars read bucket by bucket): merged only if it changed.
      Window window = new Window(service, from);
      if (changed.contains(window)) {
        mergeOpen(window);
      }
      return;
    }
    for (Window window : changed) {
      if (window.service().equals(service) && window.start() >= from && window.start() <= to) {
        mergeOpen(window);
      }
    }
  }

  @Override
  public void beforeCommit() {
    changed.forEach(this::mergeOpen);
    changed.clear();
  }

  private void mergeOpen(Window window) {
    List<SliKey> members = operations.get(window);
    if (members != null) {
      buckets.put(window.service(), window.start(), merge(members, window.start()));
    }
  }

  private RequestBucket merge(List<SliKey> members, long start) {
    RequestBucket merged = new RequestBucket();
    for (SliKey operation : members) {
      RequestBucket bucket = buckets.get(operation, start);
      if (bucket != null) {
        merged.merge(bucket);
      }
    }
    return merged;
  }
}
