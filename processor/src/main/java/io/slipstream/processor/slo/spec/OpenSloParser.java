package io.slipstream.processor.slo.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Parses OpenSLO v1 YAML into {@link SloDefinition}s: the subset documented in {@code
 * docs/openslo-subset.md}. Thread-safe and stateless.
 *
 * <p>Every source may hold several documents separated by {@code ---}. All documents given to one
 * call share one namespace: an SLO may refer to an SLI, AlertPolicy or AlertCondition defined in
 * any of them. Nothing is thrown for invalid input: the {@link SloParseResult} holds the valid SLOs
 * and an error for every problem, each naming the file, the document, the SLO and the field path.
 * An invalid SLO does not keep the others from loading; an invalid SLI or AlertPolicy rejects only
 * the SLOs that use it.
 */
public final class OpenSloParser {

  /**
   * YAML text and the name errors should call it by (a file path, or e.g. {@code
   * slo-definitions-0@42} for a definition read from a topic).
   */
  public record Source(String name, String yaml) {
    public Source {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(yaml, "yaml");
    }
  }

  private static final ObjectMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          // A key given twice is almost always an editing mistake; do not let the last one win.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private OpenSloParser() {}

  /** Parses the documents of one YAML text, e.g. a definition that arrived on a Kafka topic. */
  public static SloParseResult parse(String sourceName, String yaml) {
    return parse(List.of(new Source(sourceName, yaml)));
  }

  /** Parses the documents of all {@code sources} together, so references resolve across them. */
  public static SloParseResult parse(List<Source> sources) {
    OpenSloDocuments documents = new OpenSloDocuments();
    List<String> order = new ArrayList<>();
    for (Source source : sources) {
      order.add(source.name());
      read(source, documents);
    }
    return resolve(documents, order);
  }

  /**
   * Parses the given files together. A file that cannot be read is reported as an error with
   * document index -1; the other files still load.
   */
  public static SloParseResult parseFiles(List<Path> files) {
    OpenSloDocuments documents = new OpenSloDocuments();
    List<String> order = new ArrayList<>();
    for (Path file : files) {
      order.add(file.toString());
      try {
        read(
            new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)), documents);
      } catch (IOException e) {
        documents.addError(
            new SloDefinitionError(file.toString(), -1, null, "", "cannot read file: " + e));
      }
    }
    return resolve(documents, order);
  }

  /**
   * Parses every {@code *.yaml} and {@code *.yml} file directly in {@code directory} (not in
   * subdirectories), in file-name order, together.
   *
   * @throws IOException when the directory cannot be listed
   */
  public static SloParseResult parseDirectory(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .filter(
                  file -> {
                    String name = file.getFileName().toString();
                    return name.endsWith(".yaml") || name.endsWith(".yml");
                  })
              .sorted()
              .toList();
    }
    return parseFiles(files);
  }

  private static void read(Source source, OpenSloDocuments documents) {
    int index = 0;
    // One tree per YAML document; not readValues, which would unwrap a document that is a list.
    try (JsonParser parser = YAML.createParser(source.yaml())) {
      while (parser.nextToken() != null) {
        JsonNode document = YAML.readTree(parser);
        // An empty document (e.g. between two '---') is counted but holds nothing to check.
        if (document != null && !document.isMissingNode() && !document.isNull()) {
          documents.add(document, new DocumentLocation(source.name(), index));
        }
        index++;
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable YAML ends the file: the parser cannot find where the next document starts.
      documents.addError(new SloDefinitionError(source.name(), index, null, "", unreadable(e)));
    }
  }

  private static String unreadable(Exception e) {
    Throwable cause = e;
    while (!(cause instanceof JsonProcessingException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return "not valid YAML" + where + ": " + json.getOriginalMessage();
    }
    return "not valid YAML: " + e.getMessage();
  }

  private static SloParseResult resolve(OpenSloDocuments documents, List<String> sourceOrder) {
    List<SloDefinitionError> errors = new ArrayList<>(documents.errors());
    List<SloDefinition> definitions = new ArrayList<>();
    SloMapper mapper = new SloMapper(documents);
    for (OpenSloDocuments.Document slo : documents.slos()) {
      try {
        mapper.map(slo, errors).ifPresent(definitions::add);
      } catch (RuntimeException e) {
        // A bug in a mapper must cost one SLO, not every definition on the topic or in the files.
        errors.add(
            new SloDefinitionError(
                slo.location().file(),
                slo.location().index(),
                slo.name(),
                "",
                "internal error while reading this SLO: " + e));
      }
    }
    // Stable sort: errors of one document keep the order they were found in.
    errors.sort(
        Comparator.comparingInt((SloDefinitionError error) -> sourceOrder.indexOf(error.file()))
            .thenComparingInt(SloDefinitionError::documentIndex));
    return new SloParseResult(definitions, errors);
  }
}
