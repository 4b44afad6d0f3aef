package io.slipstream.deploy;

import static io.slipstream.deploy.RenderedManifests.list;
import static io.slipstream.deploy.RenderedManifests.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.slipstream.deploy.RenderedManifests.Workload;
import io.slipstream.deploy.SlipstreamApplications.Configured;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks deploy/kubernetes without a cluster: every manifest file parses strictly as the Kubernetes
 * API's own types (fabric8's model), every kustomization (the base and each overlay) renders and
 * its output parses as well, and what the manifests say about Slipstream holds in Slipstream's
 * code: the main classes exist on the image's class path (this module's test class path, which is
 * local-run's runtime class path) and accept the arguments and environment the containers give
 * them; container ports are the ports the applications will listen on with that environment; probe
 * and scrape paths are served by the applications' HTTP servers; each processor advertises the DNS
 * name its headless Service gives its pod; Services, disruption budgets, autoscalers and
 * ServiceMonitors select workloads and ports that exist; the SLO ConfigMap parses as OpenSLO.
 */
class KubernetesManifestsTest {

  private static final Path ROOT = repositoryRoot();
  private static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
  private static final Map<String, SlipstreamApplications.Server> SERVERS = new HashMap<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The base and every overlay. */
  static Stream<Path> kustomizations() throws IOException {
    List<Path> directories = new ArrayList<>();
    directories.add(MANIFESTS.resolve("base"));
    try (Stream<Path> overlays = Files.list(MANIFESTS.resolve("overlays"))) {
      overlays.filter(Files::isDirectory).sorted().forEach(directories::add);
    }
    return directories.stream();
  }

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(SlipstreamApplications.Server::close);
  }

  @Test
  void shouldHaveADevelopmentAndAProductionOverlay() throws IOException {
    assertThat(kustomizations().map(path -> path.getFileName().toString()))
        .contains("base", "dev", "production");
  }

  @Test
  void shouldParseEveryManifestFileStrictlyAsTheKubernetesApiTypes() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MANIFESTS)) {
      files =
          walk.filter(path -> path.toString().endsWith(".yaml"))
              .filter(path -> !path.getFileName().toString().equals("kustomization.yaml"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    for (Path file : files) {
      List<ObjectNode> documents = ManifestYaml.readDocuments(file);
      assertThat(documents).as("%s holds manifests", file).isNotEmpty();
      // Patches too: a misspelt field in a patch would be merged in silently.
      for (ObjectNode document : documents) {
        ManifestYaml.parse(document, MANIFESTS.relativize(file).toString());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldRenderIntoTheNamespaceOfTheOverlay(Path directory) {
    RenderedManifests rendered = RenderedManifests.render(directory);

    assertThat(rendered.all(StatefulSet.class)).isNotEmpty();
    String namespace = Kustomize.namespace(directory);
    for (var resource : rendered.resources()) {
      if (resource instanceof Namespace) {
        assertThat(resource.getMetadata().getName()).isEqualTo(namespace);
      } else {
        assertThat(resource.getMetadata().getNamespace())
            .as("%s %s", resource.getKind(), resource.getMetadata().getName())
            .isEqualTo(namespace);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldRunMainClassesOfTheImageWithSettingsTheyAccept(Path directory) throws Exception {
    RenderedManifests rendered = RenderedManifests.render(directory);
    List<String> mains = new ArrayList<>();
    for (Workload workload : rendered.workloads()) {
      for (Container container : slipstreamContainers(workload)) {
        Map<String, String> environment = rendered.environment(workload, container);
        String main = environment.get("SLIPSTREAM_MAIN");
        assertThat(main).as("%s: SLIPSTREAM_MAIN", where(workload, container)).isNotNull();
        assertThat(
                Class.forName(main, false, getClass().getClassLoader())
                    .getMethod("main", String[].class))
            .as(main)
            .isNotNull();
        environment.forEach(
            (name, value) ->
                assertThat(value)
                    .as("%s: %s refers to an undefined variable", where(workload, container), name)
                    .doesNotContain("$("));
        assertThatCode(() -> SlipstreamApplications.configure(main, args(container), environment))
            .as("%s: %s refuses its settings", where(workload, container), main)
            .doesNotThrowAnyException();
        mains.add(main);
      }
    }
    assertThat(mains)
        .contains(
            SlipstreamApplications.PROCESSOR,
            SlipstreamApplications.GATEWAY,
            SlipstreamApplications.BRIDGE,
            SlipstreamApplications.SLO_PUBLISHER);
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldProbeAndScrapePortsAndPathsTheApplicationsServe(Path directory) throws Exception {
    RenderedManifests rendered = RenderedManifests.render(directory);
    int probed = 0;
    for (Workload workload : rendered.workloads()) {
      for (Container container : slipstreamContainers(workload)) {
        Map<String, String> environment = rendered.environment(workload, container);
        String main = environment.get("SLIPSTREAM_MAIN");
        Configured configured =
            SlipstreamApplications.configure(main, args(container), environment);
        List<ContainerPort> ports = list(container.getPorts());
        if (configured.httpPort().isEmpty()) {
          assertThat(ports).as("%s listens on nothing", where(workload, container)).isEmpty();
          assertThat(probes(container)).as(where(workload, container)).isEmpty();
          continue;
        }
        int port = configured.httpPort().getAsInt();
        assertThat(ports)
            .as("%s: the port %s listens on", where(workload, container), main)
            .extracting(ContainerPort::getContainerPort)
            .containsExactly(port);
        for (Probe probe : probes(container)) {
          HTTPGetAction get = probe.getHttpGet();
          assertThat(get).as("%s: probes are HTTP GETs", where(workload, container)).isNotNull();
          assertThat(portNumber(get.getPort(), ports)).isEqualTo(port);
          assertServed(main, get.getPath(), where(workload, container));
          probed++;
        }
        Map<String, String> annotations =
            Optional.ofNullable(workload.template().getMetadata().getAnnotations())
                .orElse(Map.of());
        if (annotations.containsKey("prometheus.io/scrape")) {
          assertThat(annotations.get("prometheus.io/port")).isEqualTo(Integer.toString(port));
          assertServed(main, annotations.get("prometheus.io/path"), where(workload, container));
        }
      }
    }
    // The processor's three probes and the gateway's three.
    assertThat(probed).isGreaterThanOrEqualTo(6);
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldAdvertiseEachProcessorByThePodDnsNameOfItsHeadlessService(Path directory)
      throws Exception {
    RenderedManifests rendered = RenderedManifests.render(directory);
    List<StatefulSet> processors = new ArrayList<>();
    for (StatefulSet statefulSet : rendered.all(StatefulSet.class)) {
      Workload workload = new Workload(statefulSet, statefulSet.getSpec().getTemplate());
      for (Container container : slipstreamContainers(workload)) {
        Map<String, String> environment = rendered.environment(workload, container);
        if (!SlipstreamApplications.PROCESSOR.equals(environment.get("SLIPSTREAM_MAIN"))) {
          continue;
        }
        processors.add(statefulSet);
        String serviceName = statefulSet.getSpec().getServiceName();
        Configured configured =
            SlipstreamApplications.configure(
                SlipstreamApplications.PROCESSOR, args(container), environment);
        assertThat(configured.advertisedHost())
            .contains(workload.podName() + "." + serviceName + "." + rendered.namespace() + ".svc");

        Service headless = rendered.named(Service.class, serviceName).orElseThrow();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        // Instances must reach each other while restoring or rebalancing (not ready).
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(workload.template().getMetadata().getLabels())
            .containsAllEntriesOf(headless.getSpec().getSelector());
        // state.dir on the volume claim template.
        String stateDir = environment.get("KAFKA_STATE_DIR");
        VolumeMount state =
            list(container.getVolumeMounts()).stream()
                .filter(mount -> mount.getMountPath().equals(stateDir))
                .findFirst()
                .orElseThrow(() -> new AssertionError("state.dir " + stateDir + " is not mounted"));
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
            .extracting(claim -> claim.getMetadata().getName())
            .contains(state.getName());
        // ProcessorMain's shutdown closes the corrections producer (up to 30 s) and Kafka
        // Streams (up to 30 s).
        assertThat(workload.template().getSpec().getTerminationGracePeriodSeconds())
            .isGreaterThanOrEqualTo(60L);
      }
    }
    assertThat(processors).hasSize(1);
    assertThat(rendered.all(PodDisruptionBudget.class))
        .anySatisfy(
            budget ->
                assertThat(processors.get(0).getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldSelectWorkloadsAndPortsThatExist(Path directory) throws Exception {
    RenderedManifests rendered = RenderedManifests.render(directory);
    for (Service service : rendered.all(Service.class)) {
      List<Workload> selected = selected(rendered, service.getSpec().getSelector());
      assertThat(selected)
          .as("Service %s selects pods", service.getMetadata().getName())
          .isNotEmpty();
      for (ServicePort port : service.getSpec().getPorts()) {
        for (Workload workload : selected) {
          assertThat(portNumber(port.getTargetPort(), containerPorts(workload)))
              .as("Service %s port %s", service.getMetadata().getName(), port.getName())
              .isPositive();
        }
      }
    }
    for (PodDisruptionBudget budget : rendered.all(PodDisruptionBudget.class)) {
      assertThat(selected(rendered, budget.getSpec().getSelector().getMatchLabels()))
          .as("PodDisruptionBudget %s", budget.getMetadata().getName())
          .isNotEmpty();
    }
    for (HorizontalPodAutoscaler autoscaler : rendered.all(HorizontalPodAutoscaler.class)) {
      var target = autoscaler.getSpec().getScaleTargetRef();
      assertThat(target.getKind()).isEqualTo("Deployment");
      Deployment deployment = rendered.named(Deployment.class, target.getName()).orElseThrow();
      // The autoscaler owns the count; a replicas field would fight it at every apply.
      assertThat(deployment.getSpec().getReplicas()).isNull();
      // Utilization is relative to the requests: every container needs one.
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
          .allSatisfy(c -> assertThat(c.getResources().getRequests()).containsKey("cpu"));
    }
    for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
      List<Service> services =
          rendered.all(Service.class).stream()
              .filter(
                  s ->
                      s.getMetadata().getLabels() != null
                          && s.getMetadata()
                              .getLabels()
                              .entrySet()
                              .containsAll(
                                  monitor.getSpec().getSelector().getMatchLabels().entrySet()))
              .toList();
      assertThat(services).as("ServiceMonitor %s", monitor.getMetadata().getName()).isNotEmpty();
      for (Service service : services) {
        for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
          assertThat(service.getSpec().getPorts())
              .extracting(ServicePort::getName)
              .contains(endpoint.getPort());
          for (Workload workload : selected(rendered, service.getSpec().getSelector())) {
            for (Container container : slipstreamContainers(workload)) {
              String main = rendered.environment(workload, container).get("SLIPSTREAM_MAIN");
              assertServed(
                  main, endpoint.getPath(), "ServiceMonitor " + monitor.getMetadata().getName());
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldRunSlipstreamAsTheImageUserWithoutServiceLinks(Path directory) throws IOException {
    RenderedManifests rendered = RenderedManifests.render(directory);
    Matcher user =
        Pattern.compile("(?m)^USER (\\d+):(\\d+)$")
            .matcher(Files.readString(ROOT.resolve("docker/slipstream/Dockerfile")));
    assertThat(user.find()).as("the Dockerfile's numeric USER").isTrue();
    long uid = Long.parseLong(user.group(1));
    for (Workload workload : rendered.workloads()) {
      PodSpec pod = workload.template().getSpec();
      String name = workload.owner().getKind() + " " + workload.owner().getMetadata().getName();
      // Service links would put <SERVICE>_PORT=tcp://... variables into the environment, which
      // Slipstream (KAFKA_*, SLIPSTREAM_*) and the Kafka and registry images read as settings.
      assertThat(pod.getEnableServiceLinks()).as("%s: enableServiceLinks", name).isFalse();
      assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
      if (slipstreamContainers(workload).isEmpty()) {
        continue;
      }
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isEqualTo(uid);
      for (Container container : slipstreamContainers(workload)) {
        assertThat(container.getImage()).startsWith(slipstreamImage(directory));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        // Java, RocksDB and the publisher's log need a writable temporary directory.
        assertThat(list(container.getVolumeMounts()))
            .extracting(VolumeMount::getMountPath)
            .contains("/tmp");
        assertThat(container.getResources().getLimits())
            .as("%s: a memory limit, which the JVM sizes its heap from", where(workload, container))
            .containsKey("memory");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void shouldPublishSloFilesThatParseAsOpenSlo(Path directory) throws Exception {
    RenderedManifests rendered = RenderedManifests.render(directory);
    int published = 0;
    for (Workload workload : rendered.workloads()) {
      for (Container container : slipstreamContainers(workload)) {
        Map<String, String> environment = rendered.environment(workload, container);
        Optional<Path> sloDirectory =
            SlipstreamApplications.configure(
                    environment.get("SLIPSTREAM_MAIN"), args(container), environment)
                .sloDirectory();
        if (sloDirectory.isEmpty()) {
          continue;
        }
        VolumeMount mount =
            list(container.getVolumeMounts()).stream()
                .filter(m -> Path.of(m.getMountPath()).equals(sloDirectory.get()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(sloDirectory.get() + " is not mounted"));
        Volume volume =
            workload.template().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        ConfigMap slos =
            rendered.named(ConfigMap.class, volume.getConfigMap().getName()).orElseThrow();
        List<OpenSloParser.Source> sources = new ArrayList<>();
        slos.getData()
            .forEach(
                (file, yaml) -> {
                  // OpenSloParser.parseDirectory reads these names only.
                  assertThat(file).endsWith(".yaml");
                  sources.add(new OpenSloParser.Source(file, yaml));
                });
        SloParseResult parsed = OpenSloParser.parse(sources);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.definitions()).isNotEmpty();
        published += parsed.definitions().size();
      }
    }
    assertThat(published).isPositive();
  }

  @Test
  void shouldShipTheRepositorysExampleSlosVerbatimInTheBase() throws IOException {
    ConfigMap slos =
        RenderedManifests.render(MANIFESTS.resolve("base"))
            .named(ConfigMap.class, "slipstream-slo-definitions")
            .orElseThrow();
    for (Map.Entry<String, String> file : slos.getData().entrySet()) {
      assertThat(file.getValue())
          .as(file.getKey())
          .isEqualTo(
              Files.readString(
                  ROOT.resolve("examples/slos").resolve(file.getKey()), StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldDocumentEverySecretTheManifestsExpectButDoNotHold() throws IOException {
    String readme = Files.readString(MANIFESTS.resolve("README.md"), StandardCharsets.UTF_8);
    for (String secretKey : RenderedManifests.OUT_OF_BAND_SECRETS.keySet()) {
      String[] parts = secretKey.split("/");
      assertThat(readme).contains(parts[0]).contains(parts[1]);
    }
  }

  private void assertServed(String main, String path, String where) throws Exception {
    SlipstreamApplications.Server server =
        SERVERS.computeIfAbsent(main, SlipstreamApplications::startHttpServer);
    HttpResponse<Void> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    // Probes may answer 503 (nothing runs behind the server). 404: no such endpoint; 401 or 403:
    // the endpoint wants the API token (the server has one), which neither the kubelet nor
    // Prometheus sends.
    assertThat(response.statusCode())
        .as("%s: GET %s on %s", where, path, main)
        .isNotIn(401, 403, 404);
  }

  private static List<Probe> probes(Container container) {
    List<Probe> probes = new ArrayList<>();
    for (Probe probe :
        new Probe[] {
          container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()
        }) {
      if (probe != null) {
        probes.add(probe);
      }
    }
    return probes;
  }

  /** A port given by number or by the name of one of {@code ports}; 0 when it names none. */
  private static int portNumber(IntOrString port, List<ContainerPort> ports) {
    if (port.getIntVal() != null) {
      return ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()))
          ? port.getIntVal()
          : 0;
    }
    return ports.stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .mapToInt(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(0);
  }

  private static List<ContainerPort> containerPorts(Workload workload) {
    List<ContainerPort> ports = new ArrayList<>();
    workload.template().getSpec().getContainers().forEach(c -> ports.addAll(list(c.getPorts())));
    return ports;
  }

  private static List<Workload> selected(RenderedManifests rendered, Map<String, String> selector) {
    return rendered.workloads().stream()
        .filter(
            w ->
                w.template().getMetadata() != null
                    && w.template().getMetadata().getLabels() != null
                    && w.template()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(selector.entrySet()))
        .toList();
  }

  /** Containers that run Slipstream's image (they name their main class in SLIPSTREAM_MAIN). */
  private static List<Container> slipstreamContainers(Workload workload) {
    return workload.template().getSpec().getContainers().stream()
        .filter(c -> list(c.getEnv()).stream().anyMatch(e -> e.getName().equals("SLIPSTREAM_MAIN")))
        .toList();
  }

  private static List<String> args(Container container) {
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      throw new AssertionError(
          container.getName() + ": the image's entrypoint runs SLIPSTREAM_MAIN; no command");
    }
    return list(container.getArgs());
  }

  /** The Slipstream image as the kustomization's images transformer names it. */
  private static String slipstreamImage(Path directory) {
    ObjectNode image = ManifestYaml.readDocuments(directory.resolve("kustomization.yaml")).get(0);
    for (var entry : image.path("images")) {
      if (entry.path("name").asText().equals("slipstream")) {
        return Kustomize.replaceImage("slipstream", entry);
      }
    }
    return "slipstream";
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
        return dir;
      }
    }
    throw new AssertionError("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
  }
}
