package io.slipstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where {@code kubectl} (with kustomize v5) is installed, the test's kustomize subset must render
 * each kustomization exactly as {@code kubectl kustomize} does: the checks of {@link
 * KubernetesManifestsTest} then hold for what {@code kubectl apply -k} applies. Skipped without
 * kubectl; it needs no cluster.
 */
class KustomizeAgreesWithKubectlTest {

  @ParameterizedTest
  @MethodSource("io.slipstream.deploy.KubernetesManifestsTest#kustomizations")
  void shouldRenderEachKustomizationAsKubectlDoes(Path directory) throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");
    String version = run(kubectl.get().toString(), "version", "--client");
    assumeTrue(
        version.contains("Kustomize Version: v5"), "kubectl without kustomize v5: " + version);

    Map<String, ObjectNode> expected =
        byId(
            ManifestYaml.readDocuments(
                run(kubectl.get().toString(), "kustomize", directory.toString())));
    Map<String, ObjectNode> actual = byId(Kustomize.build(directory));

    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    // Lists compare in order: kustomize puts a patch's env entries first, which decides what
    // $(VAR) can expand.
    expected.forEach((id, resource) -> assertThat(actual.get(id)).as(id).isEqualTo(resource));
  }

  private static Map<String, ObjectNode> byId(List<ObjectNode> resources) {
    Map<String, ObjectNode> byId = new TreeMap<>();
    for (ObjectNode resource : resources) {
      byId.put(
          ManifestYaml.kindOf(resource)
              + " "
              + resource.path("metadata").path("namespace").asText()
              + "/"
              + resource.path("metadata").path("name").asText(),
          resource);
    }
    return byId;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Reading to the end first: the process cannot block on a full pipe.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
    }
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return output;
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
