package io.slipstream.processor.slo.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What parsing a set of OpenSLO documents produced: every SLO that is valid, and an error for every
 * problem found. One invalid SLO does not keep the others from loading.
 *
 * @param definitions the valid SLOs, in the order their documents were given
 * @param errors the problems, in the order their documents were given; empty when all is well
 */
public record SloParseResult(List<SloDefinition> definitions, List<SloDefinitionError> errors) {
  public SloParseResult {
    definitions = List.copyOf(definitions);
    errors = List.copyOf(errors);
  }

  /** Whether no error was found. */
  public boolean isClean() {
    return errors.isEmpty();
  }

  /** The errors, one per line, for logs and command-line output. */
  public String errorReport() {
    return errors.stream().map(SloDefinitionError::toString).collect(Collectors.joining("\n"));
  }
}
