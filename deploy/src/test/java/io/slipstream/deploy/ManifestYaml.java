package io.slipstream.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes YAML as strictly as the API server reads it, into the fabric8 model of the
 * Kubernetes API (one class per kind and version).
 *
 * <p>The fabric8 classes keep fields they do not know in a map ({@code @JsonAnySetter}), so a plain
 * mapper accepts a misspelt {@code livenesProbe} without a word. This mapper ignores those maps and
 * fails on an unknown field, naming its path; it fails on a duplicate key, and on a number or a
 * boolean where the API wants a string (and the other way round), as Go's JSON decoder in the API
 * server does: {@code value: 8080} in an {@code env} entry is refused there.
 */
final class ManifestYaml {

  /** The kinds the manifests use, by {@code apiVersion/kind}; anything else is refused. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/Namespace", Namespace.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "apps/v1/Deployment", Deployment.class,
          "batch/v1/Job", Job.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private static final ObjectMapper STRICT = strictMapper();

  private ManifestYaml() {}

  /** The YAML documents of {@code file}, each a mapping; empty documents are skipped. */
  static List<ObjectNode> readDocuments(Path file) {
    List<ObjectNode> documents = new ArrayList<>();
    // One tree per document; not readValues, which would unwrap a document that is a list.
    try (JsonParser parser = STRICT.getFactory().createParser(file.toFile())) {
      while (parser.nextToken() != null) {
        JsonNode document = STRICT.readTree(parser);
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (!document.isObject()) {
          throw new IllegalArgumentException(file + ": a document is not a mapping");
        }
        documents.add((ObjectNode) document);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return documents;
  }

  /** The documents of YAML text (for tests of the checks themselves). */
  static List<ObjectNode> readDocuments(String yaml) {
    List<ObjectNode> documents = new ArrayList<>();
    try (JsonParser parser = STRICT.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        JsonNode document = STRICT.readTree(parser);
        if (document != null && document.isObject()) {
          documents.add((ObjectNode) document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** {@code apiVersion/kind} of a manifest. */
  static String kindOf(JsonNode manifest) {
    return manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
  }

  /**
   * The manifest as its fabric8 class.
   *
   * @throws IllegalArgumentException naming {@code source} and the field's path, for a kind this
   *     class does not know, an unknown field, a duplicate key or a value of the wrong type
   */
  static HasMetadata parse(ObjectNode manifest, String source) {
    Class<? extends HasMetadata> type = KINDS.get(kindOf(manifest));
    if (type == null) {
      throw new IllegalArgumentException(
          source + ": kind " + kindOf(manifest) + " is not one of " + KINDS.keySet());
    }
    return parse(manifest, type, source);
  }

  /** {@code manifest} read strictly as {@code type}. */
  static <T> T parse(JsonNode manifest, Class<T> type, String source) {
    try {
      return STRICT.treeToValue(manifest, type);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          source
              + " ("
              + kindOf(manifest)
              + " "
              + manifest.path("metadata").path("name").asText()
              + "): "
              + e.getOriginalMessage()
              + " at "
              + e.getPathReference(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper strictMapper() {
    YAMLFactory yaml =
        YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    ObjectMapper mapper =
        YAMLMapper.builder(yaml)
            .annotationIntrospector(new StrictIntrospector())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /** Jackson's annotations, but no catch-all for unknown fields. */
  private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return Boolean.FALSE;
    }

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(
        MapperConfig<?> config, Annotated annotated) {
      return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
    }
  }
}
