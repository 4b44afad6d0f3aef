package io.slipstream.localrun.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the soak section into a Markdown document between its markers, replacing the previous run's
 * section, or appending it at the end the first time; the rest of the document is left as it is.
 */
final class SoakDocument {
  static final String BEGIN = "<!-- BEGIN GENERATED: soak -->";
  static final String END = "<!-- END GENERATED: soak -->";

  private SoakDocument() {}

  static void write(Path document, String section) throws IOException {
    String marked = BEGIN + "\n" + section.strip() + "\n" + END;
    String text = Files.exists(document) ? Files.readString(document, StandardCharsets.UTF_8) : "";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated;
    if (begin >= 0 && end > begin) {
      updated = text.substring(0, begin) + marked + text.substring(end + END.length());
    } else {
      String separator =
          text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
      updated = text + separator + marked + "\n";
    }
    Files.writeString(document, updated, StandardCharsets.UTF_8);
  }
}
