package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrHotMethodsTest {

  @Test
  void shouldSummarizeTheSamplesOfARecording(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("busy.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
      double sink = 0;
      while (System.nanoTime() < deadline) {
        sink += Math.sqrt(sink + 1);
      }
      recording.stop();
      recording.dump(file);
      assertThat(sink).isPositive();
    }

    String summary = JfrHotMethods.summarize(file);

    assertThat(summary)
        .contains("Java execution samples:")
        .contains("**Top methods, self time**")
        .contains("GC:");
  }

  @Test
  void shouldBucketMethodsByLibrary() {
    assertThat(JfrHotMethods.library("io.slipstream.processor.topology.SliAggregator.add"))
        .isEqualTo("Slipstream");
    assertThat(JfrHotMethods.library("org.apache.avro.io.BinaryDecoder.readLong"))
        .isEqualTo("Avro");
    assertThat(JfrHotMethods.library("scala.collection.Foo.bar")).isEqualTo("other");
  }
}
