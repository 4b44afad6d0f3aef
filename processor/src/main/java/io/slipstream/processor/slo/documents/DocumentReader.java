package io.slipstream.processor.slo.documents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipstream.contracts.DurationText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Slipstream's own YAML (or JSON) documents: {@code apiVersion: slipstream.io/v1}, a {@code
 * kind}, {@code metadata.name} and a {@code spec}. Field accessors throw {@link DocumentException}
 * naming the field's path.
 */
public final class DocumentReader {
  public static final String API_VERSION = "slipstream.io/v1";

  private static final YAMLMapper YAML = new YAMLMapper();

  private DocumentReader() {}

  /**
   * The documents of {@code text} (YAML, several separated by {@code ---}, or one JSON object).
   *
   * @throws DocumentException when the text is not YAML
   */
  public static List<JsonNode> documents(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        JsonNode document = YAML.readTree(parser);
        if (document != null && !document.isMissingNode() && !document.isNull()) {
          documents.add(document);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(
          "", "not YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    return documents;
  }

  /** Whether {@code document} is a Slipstream document of {@code kind}. */
  public static boolean isKind(JsonNode document, String kind) {
    return document.isObject()
        && API_VERSION.equals(document.path("apiVersion").asText())
        && kind.equals(document.path("kind").asText());
  }

  /** The text at {@code field} of {@code node} (named {@code path}), or null when absent. */
  public static String optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new DocumentException(path, "must be a text, was " + value.getNodeType());
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  public static String requiredText(JsonNode node, String field, String path) {
    String text = optionalText(node, field, path);
    if (text == null) {
      throw new DocumentException(path, "is required");
    }
    return text;
  }

  public static JsonNode requiredObject(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new DocumentException(path, "is required and must be a mapping");
    }
    return value;
  }

  /** Refuses fields other than {@code allowed}, so a typo is an error rather than ignored. */
  public static void allowOnly(JsonNode node, String path, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new DocumentException(
            path.isEmpty() ? name : path + "." + name,
            "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  public static List<String> textList(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    List<String> texts = new ArrayList<>();
    if (value == null || value.isNull()) {
      return texts;
    }
    if (!value.isArray()) {
      throw new DocumentException(path, "must be a list");
    }
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isValueNode() || value.get(i).asText().isBlank()) {
        throw new DocumentException(path + "[" + i + "]", "must be a non-empty text");
      }
      texts.add(value.get(i).asText().trim());
    }
    return texts;
  }

  public static Map<String, String> textMap(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    Map<String, String> texts = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return texts;
    }
    if (!value.isObject()) {
      throw new DocumentException(path, "must be a mapping");
    }
    value.properties().forEach(e -> texts.put(e.getKey(), e.getValue().asText()));
    return texts;
  }

  public static ZoneId zone(String text, String path) {
    if (text == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw new DocumentException(path, "'" + text + "' is not a time zone, e.g. Europe/Berlin");
    }
  }

  /**
   * An instant written with an offset ({@code 2026-11-07T02:00Z}, {@code …+01:00}) or as a local
   * date-time in {@code zone} ({@code 2026-11-07T02:00}).
   */
  public static Instant instant(String text, ZoneId zone, String path) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new DocumentException(
            path,
            "'"
                + text
                + "' is not a date-time; expected e.g. 2026-11-07T02:00 (in the time zone) or"
                + " 2026-11-07T02:00Z");
      }
    }
  }

  public static Duration duration(String text, String path) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DocumentException(path, e.getMessage());
    }
  }

  public static boolean bool(JsonNode node, String field, String path, boolean absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw new DocumentException(path, "must be true or false");
    }
    return value.asBoolean();
  }
}
