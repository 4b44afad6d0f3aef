package io.slipstream.processor.slo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A node of a YAML document that knows where it is: the document and the field path from the
 * document's root. Every accessor that finds the wrong shape throws a {@link SpecException} naming
 * that path, so the mappers read like the schema and still produce precise errors.
 */
final class SpecNode {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final JsonNode json;
  private final String path;
  private final DocumentLocation location;

  private SpecNode(JsonNode json, String path, DocumentLocation location) {
    this.json = json;
    this.path = path;
    this.location = location;
  }

  static SpecNode root(JsonNode json, DocumentLocation location) {
    return new SpecNode(json, "", location);
  }

  /**
   * The field {@code key} of this mapping; a missing node when absent or when this is no mapping.
   */
  SpecNode get(String key) {
    JsonNode child = json != null && json.isObject() ? json.get(key) : null;
    String childPath;
    if (!PLAIN_KEY.matcher(key).matches()) {
      childPath = path + "[\"" + key + "\"]";
    } else {
      childPath = path.isEmpty() ? key : path + "." + key;
    }
    return new SpecNode(child, childPath, location);
  }

  /** Element {@code index} of this list. */
  SpecNode at(int index) {
    JsonNode child = json != null && json.isArray() ? json.get(index) : null;
    return new SpecNode(child, path + "[" + index + "]", location);
  }

  String path() {
    return path;
  }

  DocumentLocation location() {
    return location;
  }

  /** Whether the field is there and not {@code null}. */
  boolean isPresent() {
    return json != null && !json.isNull() && !json.isMissingNode();
  }

  boolean isObject() {
    return isPresent() && json.isObject();
  }

  boolean isArray() {
    return isPresent() && json.isArray();
  }

  boolean isScalar() {
    return isPresent() && json.isValueNode();
  }

  boolean isNumber() {
    return isPresent() && json.isNumber();
  }

  boolean has(String key) {
    return get(key).isPresent();
  }

  SpecException error(String message) {
    return new SpecException(location, path, message);
  }

  /** This node, which must be present. */
  SpecNode required() {
    if (!isPresent()) {
      throw error("is required");
    }
    return this;
  }

  /** This node, which must be a mapping. */
  SpecNode requireObject() {
    required();
    if (!json.isObject()) {
      throw error("must be a mapping (key: value), was " + shape());
    }
    return this;
  }

  /** The text of this required scalar; numbers and booleans are read as their text. */
  String text() {
    required();
    if (!json.isValueNode()) {
      throw error("must be a single value, was " + shape());
    }
    String text = json.asText().trim();
    if (text.isEmpty()) {
      throw error("must not be empty");
    }
    return text;
  }

  /** The text of this scalar as written (possibly empty), or null when absent or not a scalar. */
  String rawText() {
    return isScalar() ? json.asText() : null;
  }

  /** The text of this scalar, or empty when absent. */
  Optional<String> optionalText() {
    return isPresent() ? Optional.of(text()) : Optional.empty();
  }

  /** The number this required field holds (a quoted number is read too). */
  double number() {
    required();
    if (json.isNumber()) {
      return json.doubleValue();
    }
    if (json.isTextual()) {
      try {
        double value = Double.parseDouble(json.asText().trim());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw error("must be a number, was " + describe());
  }

  /** The boolean this required field holds ({@code true}/{@code false}, quoted or not). */
  boolean bool() {
    required();
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    if (json.isTextual()) {
      String text = json.asText().trim();
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
    }
    throw error("must be true or false, was " + describe());
  }

  /** The elements of this required list. */
  List<SpecNode> elements() {
    required();
    if (!json.isArray()) {
      throw error("must be a list, was " + shape());
    }
    List<SpecNode> elements = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      elements.add(at(i));
    }
    return elements;
  }

  /** A single value or a non-empty list of values, as texts. */
  List<String> texts() {
    if (isArray()) {
      List<SpecNode> elements = elements();
      if (elements.isEmpty()) {
        throw error("must not be an empty list");
      }
      List<String> texts = new ArrayList<>(elements.size());
      for (SpecNode element : elements) {
        texts.add(element.text());
      }
      return texts;
    }
    return List.of(text());
  }

  /** The fields of this required mapping, in document order. */
  Map<String, SpecNode> fields() {
    requireObject();
    Map<String, SpecNode> fields = new LinkedHashMap<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      fields.put(name, get(name));
    }
    return fields;
  }

  /** Rejects any field of this mapping that is not in {@code allowed}, naming the first one. */
  SpecNode allowOnly(Collection<String> allowed) {
    for (Map.Entry<String, SpecNode> field : fields().entrySet()) {
      if (!allowed.contains(field.getKey())) {
        throw field
            .getValue()
            .error(
                "unknown field '"
                    + field.getKey()
                    + "'; expected one of: "
                    + String.join(", ", allowed));
      }
    }
    return this;
  }

  /** The value as it appears in messages: {@code '1.5'}, or its shape for lists and mappings. */
  String describe() {
    if (!isPresent()) {
      return "nothing";
    }
    return json.isValueNode() ? "'" + json.asText() + "'" : shape();
  }

  private String shape() {
    if (!isPresent()) {
      return "nothing";
    }
    if (json.isArray()) {
      return "a list";
    }
    if (json.isObject()) {
      return "a mapping";
    }
    return "'" + json.asText() + "'";
  }
}
