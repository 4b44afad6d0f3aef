package io.slipstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and deletes the scratch directories the local stack's servers write into. */
final class TempDirectories {

  private TempDirectories() {}

  /**
   * Creates a fresh, empty directory under {@code java.io.tmpdir}.
   *
   * @throws UncheckedIOException if it cannot be created
   */
  static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary directory " + prefix + "*", e);
    }
  }

  /**
   * Deletes a directory and everything below it; a missing directory is not an error.
   *
   * @throws UncheckedIOException naming the first path that could not be deleted
   */
  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    // Deepest paths first, so every directory is empty when its turn comes.
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + directory, e);
    }
  }
}
