package io.slipstream.localrun.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakDocumentTest {
  @Test
  void shouldAppendTheSectionAtTheEndTheFirstTimeAndReplaceOnlyItLater(@TempDir Path dir)
      throws Exception {
    Path document = dir.resolve("benchmarks.md");
    Files.writeString(document, "# Benchmarks\n\nthroughput figures\n");

    SoakDocument.write(document, "## Soak\n\nfirst run\n");
    Files.writeString(document, Files.readString(document) + "\n## Written later by hand\n");
    SoakDocument.write(document, "## Soak\n\nsecond run\n");

    String text = Files.readString(document);
    assertThat(text)
        .startsWith("# Benchmarks\n\nthroughput figures\n\n" + SoakDocument.BEGIN)
        .contains("second run")
        .doesNotContain("first run")
        .endsWith(SoakDocument.END + "\n\n## Written later by hand\n");
  }
}
