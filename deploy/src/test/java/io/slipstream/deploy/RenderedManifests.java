package io.slipstream.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kustomization rendered ({@link Kustomize}) and read strictly ({@link ManifestYaml}), with the
 * look-ups the checks need: workloads and their pod templates, ConfigMaps and Secrets, and each
 * container's environment as the kubelet would give it.
 *
 * @param directory the kustomization's directory
 * @param namespace where its resources go ({@code default} when it sets none)
 * @param resources every rendered resource, typed
 */
record RenderedManifests(Path directory, String namespace, List<HasMetadata> resources) {

  /**
   * Secrets that no kustomization holds, which deploy/kubernetes/README.md asks operators to create
   * (secret/key), with a value of the right form for the checks.
   */
  static final Map<String, String> OUT_OF_BAND_SECRETS =
      Map.of(
          "slipstream-kafka-sasl/sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required"
              + " username=\"slipstream\" password=\"secret\";",
          "slipstream-api-tokens/processor-token",
          "processor-secret",
          "slipstream-api-tokens/gateway-tokens",
          "team-checkout=checkout,payments;ops=*");

  /** A pod template and the resource that owns it. */
  record Workload(HasMetadata owner, PodTemplateSpec template) {
    /** The name of one of its pods, as Kubernetes would name it. */
    String podName() {
      String name = owner.getMetadata().getName();
      return owner instanceof StatefulSet ? name + "-0" : name + "-5d8f7c9b6-x2k4q";
    }
  }

  /** Renders {@code directory} and reads every resource strictly. */
  static RenderedManifests render(Path directory) {
    List<HasMetadata> typed = new ArrayList<>();
    for (ObjectNode resource : Kustomize.build(directory)) {
      typed.add(ManifestYaml.parse(resource, directory.toString()));
    }
    String namespace = Kustomize.namespace(directory);
    return new RenderedManifests(directory, namespace == null ? "default" : namespace, typed);
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
    return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  /** Every pod template: StatefulSets, Deployments and Jobs. */
  List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    all(StatefulSet.class).forEach(s -> workloads.add(new Workload(s, s.getSpec().getTemplate())));
    all(Deployment.class).forEach(d -> workloads.add(new Workload(d, d.getSpec().getTemplate())));
    all(Job.class).forEach(j -> workloads.add(new Workload(j, j.getSpec().getTemplate())));
    return workloads;
  }

  /**
   * The container's environment as the kubelet builds it: {@code envFrom} sources in order, then
   * {@code env} entries in order, each value with {@code $(VAR)} references to the variables before
   * it expanded. Secrets the kustomization does not hold take their {@link #OUT_OF_BAND_SECRETS}
   * value; optional references to what does not exist set nothing.
   *
   * @throws IllegalArgumentException for a reference to a ConfigMap, Secret or key that neither
   *     exists nor is optional
   */
  Map<String, String> environment(Workload workload, Container container) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvFromSource source : list(container.getEnvFrom())) {
      if (source.getConfigMapRef() != null) {
        String name = source.getConfigMapRef().getName();
        Optional<ConfigMap> configMap = named(ConfigMap.class, name);
        if (configMap.isEmpty() && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
          throw new IllegalArgumentException(where(workload, container) + ": no ConfigMap " + name);
        }
        configMap.map(ConfigMap::getData).ifPresent(environment::putAll);
      } else {
        throw new IllegalArgumentException(
            where(workload, container) + ": envFrom other than a ConfigMap is not checked here");
      }
    }
    for (EnvVar variable : list(container.getEnv())) {
      String value = value(workload, container, variable, environment);
      if (value != null) {
        environment.put(variable.getName(), value);
      }
    }
    return environment;
  }

  private String value(
      Workload workload, Container container, EnvVar variable, Map<String, String> before) {
    if (variable.getValueFrom() == null) {
      return expand(variable.getValue() == null ? "" : variable.getValue(), before);
    }
    if (variable.getValueFrom().getFieldRef() != null) {
      String field = variable.getValueFrom().getFieldRef().getFieldPath();
      return switch (field) {
        case "metadata.name" -> workload.podName();
        case "metadata.namespace" -> namespace;
        case "status.podIP" -> "10.1.2.3";
        default -> throw new IllegalArgumentException("field " + field + " is not checked here");
      };
    }
    SecretKeySelector selector = variable.getValueFrom().getSecretKeyRef();
    if (selector == null) {
      throw new IllegalArgumentException(
          where(workload, container) + ": " + variable.getName() + " has an unchecked source");
    }
    Optional<Secret> secret = named(Secret.class, selector.getName());
    if (secret.isPresent()) {
      String value = secretValue(secret.get(), selector.getKey());
      if (value == null && !Boolean.TRUE.equals(selector.getOptional())) {
        throw new IllegalArgumentException(
            where(workload, container)
                + ": Secret "
                + selector.getName()
                + " has no key "
                + selector.getKey());
      }
      return value;
    }
    if (Boolean.TRUE.equals(selector.getOptional())) {
      return null;
    }
    String outOfBand = OUT_OF_BAND_SECRETS.get(selector.getName() + "/" + selector.getKey());
    if (outOfBand == null) {
      throw new IllegalArgumentException(
          where(workload, container)
              + ": Secret "
              + selector.getName()
              + "/"
              + selector.getKey()
              + " is neither in "
              + directory
              + " nor one of the Secrets the README asks for");
    }
    return outOfBand;
  }

  private static String secretValue(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }

  /**
   * Kubernetes' expansion of {@code $(NAME)} in env values, args and commands: replaced by the
   * variable's value when it is defined, left as it is otherwise; {@code $$} is a literal {@code
   * $}.
   */
  static String expand(String input, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '$' && i + 1 < input.length()) {
        char next = input.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i++;
          continue;
        }
        int close = input.indexOf(')', i + 2);
        if (next == '(' && close > 0) {
          String name = input.substring(i + 2, close);
          String value = variables.get(name);
          out.append(value != null ? value : "$(" + name + ")");
          i = close;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  static String where(Workload workload, Container container) {
    return workload.owner().getKind()
        + " "
        + workload.owner().getMetadata().getName()
        + " container "
        + container.getName();
  }

  static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
