package io.slipstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize that the manifests use, so the build renders the overlays without {@code
 * kubectl}: {@code resources} (files and directories with their own kustomization), {@code
 * components}, {@code patches} (strategic merge, from files, targeted by the patch's own kind and
 * name), {@code namespace} and {@code images}, applied in kustomize's order (patches, namespace,
 * images). A field it does not implement fails the build, naming it, instead of being skipped: a
 * manifest that starts using one needs it implemented here first.
 */
final class Kustomize {

  private static final String FILE = "kustomization.yaml";
  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "resources", "components", "namespace", "images", "patches");
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

  private Kustomize() {}

  /** Renders the kustomization in {@code directory}: what {@code kubectl kustomize} prints. */
  static List<ObjectNode> build(Path directory) {
    return build(directory, "Kustomization");
  }

  /** The {@code namespace} of the kustomization in {@code directory}, or null. */
  static String namespace(Path directory) {
    JsonNode namespace = read(directory, "Kustomization").get("namespace");
    return namespace == null ? null : namespace.asText();
  }

  private static List<ObjectNode> build(Path directory, String kind) {
    ObjectNode kustomization = read(directory, kind);
    List<ObjectNode> resources = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path resource = directory.resolve(entry.asText()).normalize();
      if (Files.isDirectory(resource)) {
        resources.addAll(build(resource, "Kustomization"));
      } else {
        resources.addAll(ManifestYaml.readDocuments(resource));
      }
    }
    for (JsonNode entry : kustomization.path("components")) {
      Path component = directory.resolve(entry.asText()).normalize();
      // A component adds its resources to those gathered so far and transforms all of them.
      ObjectNode definition = read(component, "Component");
      for (JsonNode resource : definition.path("resources")) {
        resources.addAll(ManifestYaml.readDocuments(component.resolve(resource.asText())));
      }
      transform(definition, component, resources);
    }
    transform(kustomization, directory, resources);
    requireUniqueIds(resources, directory);
    return resources;
  }

  private static ObjectNode read(Path directory, String kind) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + FILE + " in " + directory);
    }
    List<ObjectNode> documents = ManifestYaml.readDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalArgumentException(file + ": one document expected");
    }
    ObjectNode kustomization = documents.get(0);
    String apiVersion =
        kind.equals("Component")
            ? "kustomize.config.k8s.io/v1alpha1"
            : "kustomize.config.k8s.io/v1beta1";
    if (!kustomization.path("kind").asText().equals(kind)
        || !kustomization.path("apiVersion").asText().equals(apiVersion)) {
      throw new IllegalArgumentException(file + ": expected " + apiVersion + " " + kind);
    }
    kustomization
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                    file + ": '" + field + "' is not implemented by this kustomize subset");
              }
            });
    return kustomization;
  }

  private static void transform(ObjectNode kustomization, Path directory, List<ObjectNode> all) {
    for (JsonNode patch : kustomization.path("patches")) {
      requireOnly(patch, Set.of("path"), directory + " patches");
      Path file = directory.resolve(patch.path("path").asText());
      for (ObjectNode document : ManifestYaml.readDocuments(file)) {
        StrategicMergePatch.apply(target(all, document, file), document);
      }
    }
    JsonNode namespace = kustomization.get("namespace");
    if (namespace != null) {
      for (ObjectNode resource : all) {
        if (!CLUSTER_SCOPED.contains(resource.path("kind").asText())) {
          resource.withObjectProperty("metadata").put("namespace", namespace.asText());
        }
      }
    }
    for (JsonNode image : kustomization.path("images")) {
      requireOnly(image, Set.of("name", "newName", "newTag", "digest"), directory + " images");
      for (ObjectNode resource : all) {
        setImages(resource, image);
      }
    }
  }

  /** The one resource a patch applies to: same group, kind, name (and namespace, if it has one). */
  private static ObjectNode target(List<ObjectNode> all, ObjectNode patch, Path file) {
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode resource : all) {
      boolean same =
          group(resource).equals(group(patch))
              && resource.path("kind").equals(patch.path("kind"))
              && resource.path("metadata").path("name").equals(patch.path("metadata").path("name"));
      JsonNode namespace = patch.path("metadata").get("namespace");
      if (same
          && (namespace == null || namespace.equals(resource.path("metadata").path("namespace")))) {
        matches.add(resource);
      }
    }
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          file
              + ": the patch of "
              + ManifestYaml.kindOf(patch)
              + " "
              + patch.path("metadata").path("name").asText()
              + " matches "
              + matches.size()
              + " resources, not one");
    }
    return matches.get(0);
  }

  private static String group(JsonNode resource) {
    String apiVersion = resource.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /**
   * Sets every {@code containers[].image} and {@code initContainers[].image} that {@code image}
   * names.
   */
  private static void setImages(JsonNode node, JsonNode image) {
    if (node.isObject()) {
      for (String list : List.of("containers", "initContainers")) {
        for (JsonNode container : node.path(list)) {
          JsonNode current = container.get("image");
          if (current != null && current.isTextual()) {
            String replaced = replaceImage(current.asText(), image);
            ((ObjectNode) container).put("image", replaced);
          }
        }
      }
    }
    for (JsonNode child : node) {
      setImages(child, image);
    }
  }

  /** {@code reference} with name, tag or digest replaced, when its name is {@code image.name}. */
  static String replaceImage(String reference, JsonNode image) {
    String name = reference;
    String tag = null;
    String digest = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = name.substring(at + 1);
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    if (!name.equals(image.path("name").asText())) {
      return reference;
    }
    if (image.has("newName")) {
      name = image.get("newName").asText();
    }
    if (image.has("newTag")) {
      tag = image.get("newTag").asText();
      digest = null;
    }
    if (image.has("digest")) {
      digest = image.get("digest").asText();
      tag = null;
    }
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  private static void requireOnly(JsonNode entry, Set<String> fields, String where) {
    entry
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!fields.contains(field)) {
                throw new IllegalArgumentException(
                    where + ": '" + field + "' is not implemented by this kustomize subset");
              }
            });
  }

  private static void requireUniqueIds(List<ObjectNode> resources, Path directory) {
    Set<String> ids = new HashSet<>();
    for (ObjectNode resource : resources) {
      String id =
          group(resource)
              + "/"
              + resource.path("kind").asText()
              + "/"
              + resource.path("metadata").path("namespace").asText()
              + "/"
              + resource.path("metadata").path("name").asText();
      if (!ids.add(id)) {
        throw new IllegalArgumentException(directory + ": " + id + " is defined twice");
      }
    }
  }
}
