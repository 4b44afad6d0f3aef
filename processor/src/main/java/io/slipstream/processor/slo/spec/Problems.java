package io.slipstream.processor.slo.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the errors found while mapping one SLO (or one document). Not thread-safe. */
final class Problems {
  private final List<SloDefinitionError> errors = new ArrayList<>();
  private final String sloName;

  Problems(String sloName) {
    this.sloName = sloName;
  }

  /**
   * Runs one section of the mapping; when it throws a {@link SpecException}, records it and returns
   * null so the caller can go on with the sections that do not depend on this one.
   */
  <T> T attempt(Supplier<T> section) {
    try {
      return section.get();
    } catch (SpecException e) {
      add(e);
      return null;
    }
  }

  void add(SpecException e) {
    errors.add(e.toError(sloName));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<SloDefinitionError> errors() {
    return errors;
  }
}
