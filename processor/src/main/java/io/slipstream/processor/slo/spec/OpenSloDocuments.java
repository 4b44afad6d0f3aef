package io.slipstream.processor.slo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every OpenSLO document given to one parse, checked for the envelope ({@code apiVersion}, {@code
 * kind}, {@code metadata.name}) and indexed by kind and name so references resolve across files.
 */
final class OpenSloDocuments {
  static final String API_VERSION = "openslo/v1";
  static final String SLO = "SLO";
  static final String SLI = "SLI";
  static final String ALERT_POLICY = "AlertPolicy";
  static final String ALERT_CONDITION = "AlertCondition";
  static final String DATA_SOURCE = "DataSource";

  /** Kinds Slipstream reads. */
  static final Set<String> READ_KINDS = Set.of(SLO, SLI, ALERT_POLICY, ALERT_CONDITION);

  /** Legal OpenSLO kinds Slipstream accepts and does not use (DataSource only for its type). */
  static final Set<String> IGNORED_KINDS =
      Set.of(DATA_SOURCE, "Service", "AlertNotificationTarget");

  /** Slipstream's own documents, which may sit beside OpenSLO files and are skipped here. */
  static final String SLIPSTREAM_API_VERSION = "slipstream.io/v1";

  static final Set<String> SLIPSTREAM_KINDS = Set.of("SloCorrection", "SLA");

  static final List<String> ENVELOPE_FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
  static final List<String> METADATA_FIELDS =
      List.of("name", "displayName", "labels", "annotations");

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final int MAX_NAME_LENGTH = 63;

  /** One accepted document. */
  record Document(DocumentLocation location, String kind, String name, SpecNode root) {}

  private final List<Document> slos = new ArrayList<>();
  private final Map<String, Map<String, Document>> byKind = new HashMap<>();
  private final List<SloDefinitionError> errors = new ArrayList<>();

  /** Checks one parsed YAML document and keeps it when its envelope is valid. */
  void add(JsonNode json, DocumentLocation location) {
    SpecNode root = SpecNode.root(json, location);
    Problems problems = new Problems(sloNameOf(root));
    Document document = problems.attempt(() -> check(root, location));
    errors.addAll(problems.errors());
    if (document == null) {
      return;
    }
    Map<String, Document> named = byKind.computeIfAbsent(document.kind(), kind -> new HashMap<>());
    Document earlier = named.get(document.name());
    if (earlier != null) {
      errors.add(
          root.get("metadata")
              .get("name")
              .error(
                  "duplicate "
                      + document.kind()
                      + " name '"
                      + document.name()
                      + "': already defined in "
                      + earlier.location().file()
                      + " (document "
                      + earlier.location().index()
                      + "); this one is ignored")
              .toError(document.kind().equals(SLO) ? document.name() : null));
      return;
    }
    named.put(document.name(), document);
    if (document.kind().equals(SLO)) {
      slos.add(document);
    }
  }

  /** Records an error that concerns a document as a whole (unreadable YAML, unreadable file). */
  void addError(SloDefinitionError error) {
    errors.add(error);
  }

  List<Document> slos() {
    return slos;
  }

  Optional<Document> find(String kind, String name) {
    return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(name));
  }

  List<SloDefinitionError> errors() {
    return errors;
  }

  private static Document check(SpecNode root, DocumentLocation location) {
    if (!root.isObject()) {
      throw root.error(
          "a document must be a mapping with apiVersion, kind, metadata and spec, was "
              + root.describe());
    }
    String kind = root.get("kind").text();
    String apiVersion = root.get("apiVersion").text();
    if (apiVersion.equals(SLIPSTREAM_API_VERSION) && SLIPSTREAM_KINDS.contains(kind)) {
      // Corrections and SLAs live beside the SLO files; their own readers check them.
      return null;
    }
    if (!apiVersion.equals(API_VERSION)) {
      throw root.get("apiVersion")
          .error("'" + apiVersion + "' is not supported; Slipstream reads " + API_VERSION);
    }
    if (IGNORED_KINDS.contains(kind)) {
      // Legal OpenSLO, nothing for Slipstream to do; a DataSource is indexed for metricSourceRef.
      String name = root.get("metadata").get("name").rawText();
      return kind.equals(DATA_SOURCE) && name != null && !name.isBlank()
          ? new Document(location, kind, name.trim(), root)
          : null;
    }
    if (!READ_KINDS.contains(kind)) {
      throw root.get("kind")
          .error(
              "unsupported kind '"
                  + kind
                  + "'; expected SLO, SLI, AlertPolicy or AlertCondition"
                  + " (Service, DataSource and AlertNotificationTarget are accepted and ignored)");
    }
    root.allowOnly(ENVELOPE_FIELDS);
    SpecNode metadata = root.get("metadata").requireObject().allowOnly(METADATA_FIELDS);
    String name = checkName(metadata.get("name"));
    root.get("spec").requireObject();
    return new Document(location, kind, name, root);
  }

  /**
   * A valid object name: at most 63 lowercase letters, digits and '-', starting and ending with a
   * letter or digit (an RFC 1123 DNS label, as OpenSLO requires every implementation to accept).
   */
  static String checkName(SpecNode node) {
    String name = node.text();
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw node.error(
          "'"
              + name
              + "' is not a valid name: use at most 63 lowercase letters, digits and '-',"
              + " starting and ending with a letter or digit");
    }
    return name;
  }

  /** The SLO's name for error messages, when the document is an SLO and its name is readable. */
  private static String sloNameOf(SpecNode root) {
    String name = root.get("metadata").get("name").rawText();
    return SLO.equals(root.get("kind").rawText()) && name != null && !name.isBlank()
        ? name.trim()
        : null;
  }
}
