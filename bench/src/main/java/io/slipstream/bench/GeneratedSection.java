package io.slipstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a markdown document that a harness regenerates: everything between {@code <!-- BEGIN
 * GENERATED: name -->} and {@code <!-- END GENERATED: name -->}, markers included.
 *
 * @param name the section's name in its markers
 */
record GeneratedSection(String name) {
  String begin() {
    return "<!-- BEGIN GENERATED: " + name + " -->";
  }

  String end() {
    return "<!-- END GENERATED: " + name + " -->";
  }

  /** Replaces the section in {@code doc} with {@code section} (which carries the markers). */
  void update(Path doc, String section) {
    try {
      String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
      Path parent = doc.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(doc, replaceIn(text, section), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + doc, e);
    }
  }

  /** {@code text} with this section replaced by (or, when absent, followed by) {@code section}. */
  String replaceIn(String text, String section) {
    int beginAt = text.indexOf(begin());
    int endAt = text.indexOf(end());
    if (beginAt >= 0 && endAt > beginAt) {
      int afterEnd = endAt + end().length();
      if (afterEnd < text.length() && text.charAt(afterEnd) == '\n') {
        afterEnd++;
      }
      return text.substring(0, beginAt) + section + text.substring(afterEnd);
    }
    return text.isEmpty() || text.endsWith("\n\n")
        ? text + section
        : text + (text.endsWith("\n") ? "\n" : "\n\n") + section;
  }
}
