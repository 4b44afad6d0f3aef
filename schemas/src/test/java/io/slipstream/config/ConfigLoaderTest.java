package io.slipstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final ConfigLoader LOADER =
      ConfigLoader.withDefaults(
          Map.of(
              "from.default", "default",
              "file.over.default", "default",
              "env.over.file", "default",
              "args.over.env", "default"));

  @Test
  void shouldLetFileBeatDefaultsEnvironmentBeatFileAndCommandLineBeatEnvironment(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("slipstream.properties");
    Files.writeString(
        file, "file.over.default=file\nenv.over.file=file\nargs.over.env=file\nonly.file=file\n");

    Map<String, String> config =
        LOADER.load(
            new String[] {"--config", file.toString(), "args.over.env=args", "only.args=args"},
            Map.of("KAFKA_ENV_OVER_FILE", "env", "KAFKA_ARGS_OVER_ENV", "env", "PATH", "/bin"));

    assertThat(config)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "from.default", "default",
                "file.over.default", "file",
                "only.file", "file",
                "env.over.file", "env",
                "args.over.env", "args",
                "only.args", "args"));
  }

  @Test
  void shouldLayerWithoutAFile() throws Exception {
    Map<String, String> config =
        LOADER.load(
            null, Map.of("SLIPSTREAM_GRACE", "30s"), Map.of("args.over.env", "args", "k", "v=w"));

    assertThat(config)
        .containsEntry("from.default", "default")
        .containsEntry("slipstream.grace", "30s")
        .containsEntry("args.over.env", "args")
        .containsEntry("k", "v=w");
  }

  @Test
  void shouldReadTheEnvironmentThroughTheGivenMapping() throws Exception {
    Map<String, String> config =
        ConfigLoader.withDefaults(Map.of("slipstream.alertmanager.url", "http://default:9093"))
            .withEnvironment(
                EnvironmentConfig.standard()
                    .withAlias("ALERTMANAGER_URL", "slipstream.alertmanager.url"))
            .load(null, Map.of("ALERTMANAGER_URL", "http://env:9093"), Map.of());

    assertThat(config).containsEntry("slipstream.alertmanager.url", "http://env:9093");
  }

  @Test
  void shouldReadTheCommandLineLaterArgumentsWinning() {
    ConfigLoader.Arguments arguments =
        ConfigLoader.Arguments.parse(
            new String[] {"a=1", "--config", "x.properties", "a=2", "b=", "c=d=e"});

    assertThat(arguments.file()).isEqualTo(Path.of("x.properties"));
    assertThat(arguments.settings())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "b", "", "c", "d=e"));
  }

  @Test
  void shouldRefuseArgumentsInNeitherFormNamingThem() {
    assertThatThrownBy(() -> ConfigLoader.Arguments.parse(new String[] {"--verbose"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--verbose'");
    assertThatThrownBy(() -> ConfigLoader.Arguments.parse(new String[] {"=value"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=value'");
    assertThatThrownBy(() -> ConfigLoader.Arguments.parse(new String[] {"--config"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--config'");
  }

  @Test
  void shouldFailOnAMissingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> LOADER.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
        .isInstanceOf(NoSuchFileException.class);
  }
}
