package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioDistributionTest {

  private static final String RUNNER = "apicurio-registry-app-9.9.9-runner.jar";

  @TempDir Path temp;

  @Test
  void shouldPreferTheSystemPropertyOverTheEnvironment() throws IOException {
    Path fromProperty = distributionDirectory("property");
    Path fromEnvironment = distributionDirectory("environment");

    ApicurioDistribution distribution =
        ApicurioDistribution.locate(
            fromProperty.toString(),
            Map.of("SLIPSTREAM_APICURIO_HOME", fromEnvironment.toString()),
            temp.resolve("m2"),
            temp.resolve("cache"));

    assertThat(distribution.runnerJar()).isEqualTo(fromProperty.resolve(RUNNER));
  }

  @Test
  void shouldFallBackToTheEnvironmentWhenThePropertyDirectoryIsEmpty() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    Path fromEnvironment = distributionDirectory("environment");

    ApicurioDistribution distribution =
        ApicurioDistribution.locate(
            empty.toString(),
            Map.of("SLIPSTREAM_APICURIO_HOME", fromEnvironment.toString()),
            temp.resolve("m2"),
            temp.resolve("cache"));

    assertThat(distribution.home()).isEqualTo(fromEnvironment);
  }

  @Test
  void shouldUnpackTheArchiveFromTheMavenRepositoryOnce() throws IOException {
    Path repository = temp.resolve("m2");
    Path archive = archiveInRepository(repository);

    ApicurioDistribution first =
        ApicurioDistribution.locate(null, Map.of(), repository, temp.resolve("cache"));
    Files.delete(archive); // a second lookup must not need the archive again
    ApicurioDistribution second =
        ApicurioDistribution.locate(null, Map.of(), repository, temp.resolve("cache"));

    assertThat(first.runnerJar()).isRegularFile().hasContent("jar");
    assertThat(first.home().resolve("lib/" + "x".repeat(120) + ".jar")).hasContent("lib");
    assertThat(second.runnerJar()).isEqualTo(first.runnerJar());
  }

  @Test
  void shouldNameEveryPlaceTriedWhenNothingIsFound() {
    assertThatThrownBy(
            () ->
                ApicurioDistribution.locate(
                    temp.resolve("nowhere").toString(),
                    Map.of(),
                    temp.resolve("m2"),
                    temp.resolve("cache")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "system property slipstream.apicurio.home = " + temp.resolve("nowhere"))
        .hasMessageContaining("environment variable SLIPSTREAM_APICURIO_HOME (not set)")
        .hasMessageContaining(temp.resolve("m2").toString())
        .hasMessageContaining("-all.tar.gz (no such file)");
  }

  private Path distributionDirectory(String name) throws IOException {
    Path directory = Files.createDirectories(temp.resolve(name));
    Files.writeString(directory.resolve(RUNNER), "jar");
    return directory;
  }

  /** Writes a tiny archive at the path of the real one, with a GNU long-name entry like it. */
  private static Path archiveInRepository(Path repository) throws IOException {
    String version = bundledApicurioVersion();
    Path archive =
        repository.resolve(
            "io/apicurio/apicurio-registry-app/"
                + version
                + "/apicurio-registry-app-"
                + version
                + "-all.tar.gz");
    Files.createDirectories(archive.getParent());
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      addFile(tar, RUNNER, "jar");
      addFile(tar, "lib/" + "x".repeat(120) + ".jar", "lib");
    }
    return archive;
  }

  private static void addFile(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static String bundledApicurioVersion() throws IOException {
    try (InputStream in =
        ApicurioDistribution.class.getResourceAsStream("local-stack.properties")) {
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("apicurio.version");
    }
  }
}
