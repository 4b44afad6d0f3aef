package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorConfigTest {

  @Test
  void shouldLayerDefaultsUnderFileUnderEnvironmentUnderCommandLine(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("processor.properties");
    Files.writeString(
        file,
        "application.id=from-file\n"
            + "slipstream.grace=1m\n"
            + "slipstream.topic.prefix=file-\n"
            + "num.stream.threads=4\n");

    ProcessorConfig config =
        ProcessorConfig.load(
            file,
            Map.of("SLIPSTREAM_GRACE", "PT2M", "SLIPSTREAM_TOPIC_PREFIX", "env-"),
            Map.of("slipstream.topic.prefix", "args-"));

    assertThat(config.get("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(config.get("application.id")).isEqualTo("from-file");
    assertThat(config.get("num.stream.threads")).isEqualTo("4");
    assertThat(config.get(ProcessorConfig.GRACE)).isEqualTo("PT2M");
    assertThat(config.get(ProcessorConfig.TOPIC_PREFIX)).isEqualTo("args-");
  }
}
