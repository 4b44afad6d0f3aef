package io.slipstream.processor.slo.spec;

/**
 * One problem with one field of an OpenSLO document. Thrown inside the mappers, caught per section
 * and turned into a {@link SloDefinitionError}.
 */
final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DocumentLocation location;
  private final String fieldPath;

  SpecException(DocumentLocation location, String fieldPath, String message) {
    super(message, null, false, false);
    this.location = location;
    this.fieldPath = fieldPath;
  }

  DocumentLocation location() {
    return location;
  }

  String fieldPath() {
    return fieldPath;
  }

  SloDefinitionError toError(String sloName) {
    return new SloDefinitionError(
        location.file(), location.index(), sloName, fieldPath, getMessage());
  }
}
