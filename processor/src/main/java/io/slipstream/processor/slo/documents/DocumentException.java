package io.slipstream.processor.slo.documents;

/**
 * A Slipstream document (correction, SLA) that cannot be accepted; names the offending field by its
 * path in the document (e.g. {@code spec.end}) so the API can answer 400 naming it.
 */
public final class DocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public DocumentException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The path of the offending field, e.g. {@code spec.start}; empty for the whole document. */
  public String field() {
    return field;
  }

  @Override
  public String toString() {
    return (field.isEmpty() ? "" : field + ": ") + getMessage();
  }
}
