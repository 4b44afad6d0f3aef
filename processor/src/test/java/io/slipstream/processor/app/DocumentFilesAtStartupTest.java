package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrections and SLAs beside the SLO files: read by their readers, skipped by the SLO parser. */
class DocumentFilesAtStartupTest {
  @Test
  void shouldFindCorrectionsAndSlasBesideTheSlosAndReportBadOnes(@TempDir Path directory)
      throws Exception {
    Files.copy(
        Path.of("../examples/slos/checkout-availability.yaml"),
        directory.resolve("checkout-availability.yaml"));
    Files.copy(
        Path.of("../examples/corrections/checkout-db-upgrade.yaml"),
        directory.resolve("checkout-db-upgrade.yaml"));
    Files.writeString(
        directory.resolve("more.yaml"),
        Files.readString(Path.of("../examples/slas/checkout-monthly.yaml"))
            + "\n---\n"
            + Files.readString(Path.of("../examples/corrections/checkout-db-upgrade.yaml"))
                .replace("name: checkout-db-upgrade", "name: broken")
                .replace("action: exclude", "action: ignore"));

    DocumentFilesAtStartup.Found found = DocumentFilesAtStartup.read(directory, 0);

    assertThat(found.corrections()).containsOnlyKeys("checkout-db-upgrade");
    assertThat(found.slas()).containsOnlyKeys("checkout-monthly");
    assertThat(found.errors())
        .singleElement()
        .asString()
        .contains("more.yaml document 1")
        .contains("spec.action");
    SloParseResult slos = OpenSloParser.parseDirectory(directory);
    assertThat(slos.isClean()).as(slos.errorReport()).isTrue();
    assertThat(slos.definitions()).hasSize(1);
  }
}
