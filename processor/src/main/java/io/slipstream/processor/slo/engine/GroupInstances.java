package io.slipstream.processor.slo.engine;

import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.slo.spec.GroupKey;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances of one grouped SLO in the task that owns its service: which group an event belongs
 * to, each group's instance id, the definition every instance is evaluated with, and the cap beyond
 * which new groups are counted in {@code other}.
 *
 * <p>Looking up a group costs one hash lookup by the value itself for one key (the usual case: a
 * customer, a tenant), by the list of values for several; no id is built per event.
 */
final class GroupInstances {
  final SloDefinition parent;
  private final List<GroupKey> keys;
  private final List<String> labels;

  /** What every instance is evaluated with ({@link SloGroup#instanceTemplate}). */
  final SloDefinition template;

  private final Map<Object, Instance> byValue = new HashMap<>();
  private Instance other;

  /** Events counted in {@code other} because the SLO had reached its cap of groups. */
  long foldedEvents;

  /**
   * One group's instance: its group and its id, the definition it is evaluated with, shared by
   * every instance (a copy each under its own id took 72 bytes of each of a million instances), and
   * its accounting, so that an event finds it with the one lookup by its group's value.
   */
  static final class Instance {
    private final SloDefinition definition;
    private final SloGroup group;
    private final String id;

    /** The instance's accounting once started; stale once {@link SloRuntime#retired}. */
    SloRuntime runtime;

    Instance(SloDefinition definition, SloGroup group, String id) {
      this.definition = definition;
      this.group = group;
      this.id = id;
    }

    SloDefinition definition() {
      return definition;
    }

    SloGroup group() {
      return group;
    }

    String id() {
      return id;
    }
  }

  GroupInstances(SloDefinition parent) {
    this.parent = parent;
    this.keys = parent.grouping().keys();
    // Copied once into the list every instance's group then shares (SloGroup copies a list it
    // cannot share, and the grouping builds a new one per call).
    this.labels = List.copyOf(parent.grouping().labels());
    this.template = SloGroup.instanceTemplate(parent);
  }

  /** The instance {@code event} counts in, created when its group is new and the cap allows. */
  Instance forEvent(RequestEvent event) {
    Object value = keys.size() == 1 ? keys.get(0).valueOf(event) : valuesOf(event);
    Instance instance = byValue.get(value);
    if (instance != null) {
      return instance;
    }
    if (byValue.size() >= parent.grouping().maxGroups()) {
      foldedEvents++;
      return other();
    }
    @SuppressWarnings("unchecked")
    List<String> values = keys.size() == 1 ? List.of((String) value) : (List<String>) value;
    return add(new SloGroup(parent.id(), labels, values));
  }

  /** The instance of {@code group}, added when new (a restart reading its stores back). */
  Instance forGroup(SloGroup group) {
    if (group.isOther()) {
      return other();
    }
    Object value = keys.size() == 1 ? group.values().get(0) : group.values();
    Instance instance = byValue.get(value);
    return instance != null ? instance : add(group);
  }

  /** Forgets an expired instance, making room for a new group. */
  void remove(SloGroup group) {
    if (group.isOther()) {
      other = null;
    } else {
      byValue.remove(keys.size() == 1 ? group.values().get(0) : group.values());
    }
  }

  /** The label of each grouping key, in order (as instances' groups name them). */
  List<String> labels() {
    return labels;
  }

  /** The number of groups with an instance, not counting {@code other}. */
  int size() {
    return byValue.size();
  }

  private Instance other() {
    if (other == null) {
      SloGroup group = SloGroup.other(parent.id(), labels);
      other = new Instance(template, group, group.instanceId());
    }
    return other;
  }

  private Instance add(SloGroup group) {
    Instance instance = new Instance(template, group, group.instanceId());
    byValue.put(keys.size() == 1 ? group.values().get(0) : group.values(), instance);
    return instance;
  }

  private List<String> valuesOf(RequestEvent event) {
    List<String> values = new ArrayList<>(keys.size());
    for (GroupKey key : keys) {
      values.add(key.valueOf(event));
    }
    return List.copyOf(values);
  }
}
