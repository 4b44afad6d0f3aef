package io.slipstream.localstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks {@code .tar.gz} archives of plain files and directories.
 *
 * <p>Commons Compress reads the tar format because archives such as Apicurio's use GNU long-name
 * entries (paths over 100 characters), which a minimal ustar reader would get wrong; it is already
 * on the class path through Testcontainers, and unlike {@code /usr/bin/tar} it needs nothing from
 * the operating system.
 */
final class TarGzArchive {

  private TarGzArchive() {}

  /**
   * Unpacks every directory and regular file of {@code archive} below {@code target}; links and
   * special files are skipped.
   *
   * @throws IOException if reading or writing fails, or an entry would land outside {@code target}
   */
  static void unpack(Path archive, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (InputStream file = Files.newInputStream(archive);
        InputStream gzip = new GZIPInputStream(new BufferedInputStream(file));
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      ArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path destination = root.resolve(entry.getName()).normalize();
        // Refuse "../" entries: an archive must not write outside the directory it is unpacked to.
        if (!destination.startsWith(root)) {
          throw new IOException("Archive entry " + entry.getName() + " points outside " + root);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
        } else if (entry instanceof TarArchiveEntry tarEntry && tarEntry.isFile()) {
          Files.createDirectories(destination.getParent());
          Files.copy(tar, destination);
        }
      }
    }
  }
}
