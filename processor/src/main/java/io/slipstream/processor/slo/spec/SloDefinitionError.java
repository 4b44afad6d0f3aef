package io.slipstream.processor.slo.spec;

import java.util.Objects;

/**
 * Why one SLO definition (or one document) was not loaded, pointing at the offending field.
 *
 * <p>Errors inside a referenced document (an SLI named by {@code indicatorRef}, an AlertPolicy, an
 * AlertCondition) point at that document and at the field path inside it, and name the SLO that
 * could not be loaded because of it.
 *
 * @param file where the document came from: a file path, or the name given with the YAML text
 * @param documentIndex the document's position in that file, counting from 0 ({@code ---} separates
 *     documents); -1 when the error concerns the whole file (e.g. it cannot be read)
 * @param sloName the SLO that was not loaded, or null when the error concerns a document that is
 *     not an SLO, or an SLO whose name is unreadable
 * @param fieldPath the offending field inside the document, e.g. {@code spec.objectives[0].target}
 *     or {@code metadata.annotations["slipstream.io/min-events"]}; empty for the document as a
 *     whole
 * @param message what is wrong, and where it helps, what is expected
 */
public record SloDefinitionError(
    String file, int documentIndex, String sloName, String fieldPath, String message) {
  public SloDefinitionError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(message, "message");
  }

  /**
   * One line for logs and CLIs, e.g. {@code slos.yaml[doc 0] SLO checkout-availability:
   * spec.objectives[0].target: must be in (0, 1), was 1.5}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (documentIndex >= 0) {
      text.append("[doc ").append(documentIndex).append(']');
    }
    if (sloName != null) {
      text.append(" SLO ").append(sloName);
    }
    text.append(": ");
    if (!fieldPath.isEmpty()) {
      text.append(fieldPath).append(": ");
    }
    return text.append(message).toString();
  }
}
