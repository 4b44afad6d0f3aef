package io.slipstream.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards schema evolution: every published schema must stay BACKWARD and FORWARD compatible with
 * every earlier version kept in {@code src/test/resources/schema-history/<Record>/v<N>.avsc}, and
 * its newest version must be recorded there, so a breaking edit fails the build.
 */
class SchemaHistoryTest {
  private static final Path HISTORY = Paths.get("src/test/resources/schema-history");

  static List<Schema> publishedSchemas() {
    return List.of(
        RequestEvent.getClassSchema(),
        ResourceSample.getClassSchema(),
        SliSnapshot.getClassSchema(),
        BurnRateEvaluation.getClassSchema(),
        SloAlert.getClassSchema(),
        SlaPeriodReport.getClassSchema());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedSchemas")
  void shouldStayBackwardAndForwardCompatibleWithEveryEarlierVersion(Schema current) {
    List<Path> versions = versionsOf(current);
    assertThat(versions).as("recorded versions of %s", current.getName()).isNotEmpty();
    for (Path version : versions) {
      Schema earlier = parse(version);
      assertThat(compatibility(current, earlier))
          .as(
              "BACKWARD: a reader of the current %s reads data written with %s",
              current.getName(), version)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(compatibility(earlier, current))
          .as(
              "FORWARD: a reader of %s reads data written with the current %s",
              version, current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedSchemas")
  void shouldRecordTheCurrentVersionInTheHistory(Schema current) throws IOException {
    List<Path> versions = versionsOf(current);
    Schema newest = versions.isEmpty() ? null : parse(versions.get(versions.size() - 1));
    if (!current.equals(newest)) {
      Path candidate =
          Paths.get(
              "target/schema-history-candidates",
              current.getName(),
              "v" + (versions.size() + 1) + ".avsc");
      Files.createDirectories(candidate.getParent());
      Files.writeString(
          candidate, SchemaFormatter.getInstance("json/pretty").format(current) + "\n");
      fail(
          "%s changed: once it passes the compatibility test, record it by copying %s into %s",
          current.getName(), candidate, HISTORY.resolve(current.getName()));
    }
  }

  private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
  }

  private static List<Path> versionsOf(Schema schema) {
    Path dir = HISTORY.resolve(schema.getName());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted((a, b) -> Integer.compare(versionNumber(a), versionNumber(b)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int versionNumber(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
