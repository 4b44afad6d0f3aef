package io.slipstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks' own tools: strict parsing, the strategic merge patch and the kustomize subset. */
class ManifestCheckingToolsTest {

  private static final String STATEFUL_SET =
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: processor
      spec:
        serviceName: processor-headless
        selector:
          matchLabels:
            app: processor
        template:
          metadata:
            labels:
              app: processor
          spec:
            containers:
              - name: processor
                image: slipstream
                args: ["a"]
                env:
                  - name: A
                    value: "1"
                  - name: B
                    value: "2"
      """;

  @Test
  void shouldRejectAFieldTheKubernetesApiDoesNotHave() {
    ObjectNode misspelt =
        ManifestYaml.readDocuments(STATEFUL_SET.replace("image: slipstream", "imag: slipstream"))
            .get(0);

    assertThatThrownBy(() -> ManifestYaml.parse(misspelt, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imag");
  }

  @Test
  void shouldRejectANumberWhereTheApiWantsAString() {
    ObjectNode unquoted =
        ManifestYaml.readDocuments(STATEFUL_SET.replace("value: \"1\"", "value: 1")).get(0);

    assertThatThrownBy(() -> ManifestYaml.parse(unquoted, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
  }

  @Test
  void shouldRejectADuplicateKey() {
    assertThatThrownBy(
            () ->
                ManifestYaml.readDocuments(
                    STATEFUL_SET.replace(
                        "  serviceName: processor-headless",
                        "  serviceName: processor-headless\n  serviceName: other")))
        .hasMessageContaining("serviceName");
  }

  @Test
  void shouldReadAWellFormedManifestIntoItsKind() {
    ObjectNode manifest = ManifestYaml.readDocuments(STATEFUL_SET).get(0);

    assertThat(ManifestYaml.parse(manifest, "test")).isInstanceOf(StatefulSet.class);
  }

  @Test
  void shouldMergeEnvByNameAndReplaceListsWithoutAMergeKey() {
    ObjectNode target = ManifestYaml.readDocuments(STATEFUL_SET).get(0);
    ObjectNode patch =
        ManifestYaml.readDocuments(
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: processor
                spec:
                  template:
                    spec:
                      containers:
                        - name: processor
                          args: ["b"]
                          env:
                            - name: B
                              value: "3"
                            - name: C
                              value: "4"
                """)
            .get(0);

    StrategicMergePatch.apply(target, patch);

    StatefulSet merged = (StatefulSet) ManifestYaml.parse(target, "test");
    var container = merged.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("slipstream");
    assertThat(container.getArgs()).containsExactly("b");
    assertThat(container.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("B=3", "C=4", "A=1");
  }

  @Test
  void shouldRefuseAPatchDirectiveItDoesNotImplement() {
    ObjectNode target = ManifestYaml.readDocuments(STATEFUL_SET).get(0);
    ObjectNode patch =
        ManifestYaml.readDocuments(
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: processor
                spec:
                  $patch: replace
                """)
            .get(0);

    assertThatThrownBy(() -> StrategicMergePatch.apply(target, patch))
        .hasMessageContaining("$patch");
  }

  @Test
  void shouldRenderResourcesPatchesNamespaceAndImages(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("base/processor.yaml"), STATEFUL_SET);
    Files.writeString(
        dir.resolve("base/kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - processor.yaml
        """);
    Files.createDirectories(dir.resolve("overlay"));
    Files.writeString(
        dir.resolve("overlay/replicas.yaml"),
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: processor
        spec:
          replicas: 5
        """);
    Files.writeString(
        dir.resolve("overlay/kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: prod
        resources:
          - ../base
        images:
          - name: slipstream
            newName: registry.example.com/slipstream
            newTag: "1.2"
        patches:
          - path: replicas.yaml
        """);

    List<ObjectNode> rendered = Kustomize.build(dir.resolve("overlay"));

    StatefulSet processor = (StatefulSet) ManifestYaml.parse(rendered.get(0), "test");
    assertThat(processor.getMetadata().getNamespace()).isEqualTo("prod");
    assertThat(processor.getSpec().getReplicas()).isEqualTo(5);
    assertThat(processor.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/slipstream:1.2");
  }

  @Test
  void shouldRefuseAKustomizationFieldItDoesNotImplement(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namePrefix: staging-
        """);

    assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("namePrefix");
  }

  @Test
  void shouldRefuseAPatchThatMatchesNothing(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("processor.yaml"), STATEFUL_SET);
    Files.writeString(
        dir.resolve("patch.yaml"),
        STATEFUL_SET.replace("name: processor\nspec", "name: procesor\nspec"));
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - processor.yaml
        patches:
          - path: patch.yaml
        """);

    assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("procesor");
  }

  @Test
  void shouldExpandVariablesAsKubernetesDoes() {
    Map<String, String> variables = Map.of("POD_NAME", "processor-0", "NS", "prod");

    assertThat(RenderedManifests.expand("$(POD_NAME).headless.$(NS).svc", variables))
        .isEqualTo("processor-0.headless.prod.svc");
    assertThat(RenderedManifests.expand("$(MISSING)-$$(POD_NAME)-$x", variables))
        .isEqualTo("$(MISSING)-$(POD_NAME)-$x");
  }
}
