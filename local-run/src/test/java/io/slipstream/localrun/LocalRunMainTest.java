package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalRunMainTest {

  private static LocalRun.Settings parse(Map<String, String> environment, String... args) {
    LocalRunMain main =
        new LocalRunMain(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            environment);
    new CommandLine(main).parseArgs(args);
    return main.settings();
  }

  @Test
  void shouldRunTheEmbeddedStackWithTheDemoDefaults() {
    LocalRun.Settings settings = parse(Map.of(), "--slo-dir", "../examples/slos");

    assertThat(settings.embedded()).isTrue();
    assertThat(settings.acceleration()).isEqualTo(60);
    assertThat(settings.scenario()).isEqualTo(Scenario.defaults());
    assertThat(settings.history()).isEqualTo(Duration.ofHours(3));
    assertThat(settings.applicationId()).startsWith("slipstream-local-");
    assertThat(settings.seed()).isEqualTo(LocalRun.DEFAULT_SEED);
    // The example SLAs and corrections beside the SLOs are published too.
    assertThat(settings.documentDirectories())
        .extracting(path -> path.getFileName().toString())
        .containsExactly("slas", "corrections");
  }

  @Test
  void shouldPassTheSeedToTheLoad() {
    assertThat(parse(Map.of(), "--slo-dir=../examples/slos", "--seed", "-42").seed())
        .isEqualTo(-42);
  }

  @Test
  void shouldUseARealClusterWithSecuritySettingsPassedThrough() {
    LocalRun.Settings settings =
        parse(
            Map.of(),
            "--slo-dir=../examples/slos",
            "--bootstrap-servers=kafka:9093",
            "--schema-registry-url=https://registry:8081",
            "--kafka-property",
            "security.protocol=SASL_SSL",
            "--kafka-property=basic.auth.credentials.source=USER_INFO");

    assertThat(settings.embedded()).isFalse();
    assertThat(settings.bootstrapServers()).isEqualTo("kafka:9093");
    assertThat(settings.kafkaProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("basic.auth.credentials.source", "USER_INFO");
    assertThat(LocalRun.serdeConfig(settings.kafkaProperties(), settings.schemaRegistryUrl()))
        .containsEntry("schema.registry.url", "https://registry:8081")
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .doesNotContainKey("security.protocol");
  }

  @Test
  void shouldTakeTheClusterFromTheEnvironmentWhenNoOptionNamesIt() {
    LocalRun.Settings settings =
        parse(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SLIPSTREAM_SCHEMA_REGISTRY_URL", "http://registry:8081"),
            "--slo-dir=../examples/slos");

    assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(settings.schemaRegistryUrl()).isEqualTo("http://registry:8081");
  }

  @Test
  void shouldRefuseACLusterWithoutItsRegistry() {
    assertThatThrownBy(
            () -> parse(Map.of(), "--slo-dir=../examples/slos", "--bootstrap-servers=kafka:9092"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--schema-registry-url");
  }

  @Test
  void shouldStartOneEmbeddedBrokerUnlessMoreAreAskedFor() {
    assertThat(parse(Map.of(), "--slo-dir=../examples/slos").brokers()).isEqualTo(1);
    assertThat(parse(Map.of(), "--slo-dir=../examples/slos", "--brokers", "3").brokers())
        .isEqualTo(3);
  }

  @Test
  void shouldRefuseBrokersForARealClusterOrFewerThanOne() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(),
                    "--slo-dir=../examples/slos",
                    "--brokers=3",
                    "--bootstrap-servers=kafka:9092",
                    "--schema-registry-url=http://registry:8081"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--bootstrap-servers");
    assertThatThrownBy(() -> parse(Map.of(), "--slo-dir=../examples/slos", "--brokers=0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--brokers must be at least 1");
  }

  @Test
  void shouldRefuseAMissingSloDirectoryNamingIt() {
    assertThatThrownBy(() -> parse(Map.of(), "--slo-dir=no/such/dir"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("no/such/dir");
  }

  @Test
  void shouldSayInOneLineThatTheHttpPortIsTakenAndStartNothing() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      LocalRunMain main =
          new LocalRunMain(new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of());
      int exit =
          new CommandLine(main)
              .execute(
                  "--slo-dir=../examples/slos",
                  "--http-port",
                  Integer.toString(taken.getLocalPort()));

      assertThat(exit).isEqualTo(2);
      assertThat(printed.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo(
              "Port "
                  + taken.getLocalPort()
                  + " (the dashboard and query API) is in use: pick another with --http-port N,"
                  + " or --http-port 0 for a free one.");
    }
  }
}
