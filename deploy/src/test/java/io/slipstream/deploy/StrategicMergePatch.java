package io.slipstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch, as far as the manifests use it: mappings merge key by key (a
 * null deletes the key); lists that the API merges by a key ({@code patchMergeKey}: containers and
 * env by {@code name}, volume mounts by {@code mountPath}, ...) merge element by element, the
 * patch's elements first as kustomize orders them; every other list is replaced whole, as the API
 * does for lists without a merge strategy ({@code args}, {@code envFrom}, {@code
 * volumeClaimTemplates}). Patch directives ({@code $patch}, {@code $setElementOrder}, ...) are
 * refused rather than misapplied.
 */
final class StrategicMergePatch {

  /** List field → its merge key, for the lists of pod specs and Services that the API merges. */
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "containers", "name",
          "initContainers", "name",
          "env", "name",
          "volumes", "name",
          "imagePullSecrets", "name",
          "volumeMounts", "mountPath");

  private StrategicMergePatch() {}

  /** Applies {@code patch} to {@code target} in place. */
  static void apply(ObjectNode target, ObjectNode patch) {
    merge(target, patch, "");
  }

  private static void merge(ObjectNode target, ObjectNode patch, String path) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(patch.properties());
    for (Map.Entry<String, JsonNode> field : fields) {
      String key = field.getKey();
      String at = path + "/" + key;
      if (key.startsWith("$")) {
        throw new IllegalArgumentException("patch directive " + at + " is not implemented here");
      }
      JsonNode value = field.getValue();
      JsonNode existing = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, (ObjectNode) value, at);
      } else if (value.isArray() && existing != null && existing.isArray()) {
        target.set(key, mergeList((ArrayNode) existing, (ArrayNode) value, key, at));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String field, String at) {
    String mergeKey = mergeKey(field, at);
    if (mergeKey == null) {
      return patch.deepCopy();
    }
    // kustomize's order: the patch's elements first, in the patch's order (merged into the
    // element of the same key, if any), then the target's other elements in their order. It
    // matters for env: $(VAR) expands only variables defined earlier in the list.
    ArrayNode merged = target.arrayNode();
    List<JsonNode> rest = new ArrayList<>();
    target.forEach(element -> rest.add(element.deepCopy()));
    for (JsonNode element : patch) {
      JsonNode key = element.get(mergeKey);
      if (!element.isObject() || key == null) {
        throw new IllegalArgumentException(at + ": an element without its merge key " + mergeKey);
      }
      ObjectNode match = null;
      for (JsonNode candidate : rest) {
        if (key.equals(candidate.get(mergeKey))) {
          match = (ObjectNode) candidate;
        }
      }
      if (match == null) {
        merged.add(element.deepCopy());
      } else {
        rest.remove(match);
        merge(match, (ObjectNode) element, at + "[" + key.asText() + "]");
        merged.add(match);
      }
    }
    rest.forEach(merged::add);
    return merged;
  }

  /** The merge key of list {@code field} at {@code path}, or null for a list that is replaced. */
  static String mergeKey(String field, String path) {
    if (field.equals("ports")) {
      // A container's ports merge by containerPort, a Service's by port.
      return path.contains("ontainers[") ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }
}
