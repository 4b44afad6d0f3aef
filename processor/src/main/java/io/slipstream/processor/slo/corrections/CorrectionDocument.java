package io.slipstream.processor.slo.corrections;

import static io.slipstream.processor.slo.documents.DocumentReader.allowOnly;
import static io.slipstream.processor.slo.documents.DocumentReader.optionalText;
import static io.slipstream.processor.slo.documents.DocumentReader.requiredObject;
import static io.slipstream.processor.slo.documents.DocumentReader.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The document form of a {@link SloCorrection}, in YAML files, API bodies and on the {@code
 * slo-corrections} topic:
 *
 * <pre>
 * apiVersion: slipstream.io/v1
 * kind: SloCorrection
 * metadata:
 *   name: db-upgrade-2026-11-07          # optional in API bodies: one is generated
 * spec:
 *   slos: [checkout-availability]        # by id, and/or
 *   selector: {service: checkout, labels: {tier: "1"}}
 *   start: 2026-11-07T02:00              # local time in timeZone, or with an offset
 *   end: 2026-11-07T04:00                # or duration: 2h
 *   timeZone: Europe/Berlin              # default UTC
 *   action: exclude                      # or attribute
 *   reason: PostgreSQL 16 upgrade
 *   filedBy: alice
 *   silencePages: true                   # default true
 *   filedAt: 2026-11-01T09:00:00Z        # set when filed
 * </pre>
 *
 * Structure only: whether the range fits the SLOs' periods and other corrections is {@link
 * CorrectionValidator}'s question.
 */
public final class CorrectionDocument {
  public static final String KIND = "SloCorrection";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9._]*[a-z0-9])?");
  private static final Set<String> SPEC_FIELDS =
      Set.of(
          "slos",
          "selector",
          "start",
          "end",
          "duration",
          "timeZone",
          "action",
          "reason",
          "filedBy",
          "silencePages",
          "filedAt");

  private CorrectionDocument() {}

  /**
   * Reads one correction document.
   *
   * @param filedAt when it is being filed (epoch ms): used when the document does not say
   * @param generateId whether a missing {@code metadata.name} gets a generated id (API) rather than
   *     an error (files, topic)
   * @throws DocumentException naming the first bad field
   */
  public static SloCorrection read(JsonNode document, long filedAt, boolean generateId) {
    if (!document.isObject()) {
      throw new DocumentException("", "a correction must be a mapping");
    }
    if (!DocumentReader.API_VERSION.equals(document.path("apiVersion").asText())) {
      throw new DocumentException("apiVersion", "must be " + DocumentReader.API_VERSION);
    }
    if (!KIND.equals(document.path("kind").asText())) {
      throw new DocumentException("kind", "must be " + KIND);
    }
    allowOnly(document, "", Set.of("apiVersion", "kind", "metadata", "spec"));
    JsonNode metadata = document.path("metadata");
    String id = metadata.isObject() ? optionalText(metadata, "name", "metadata.name") : null;
    if (id == null) {
      if (!generateId) {
        throw new DocumentException("metadata.name", "is required");
      }
      id = "correction-" + UUID.randomUUID().toString().substring(0, 8);
    }
    if (!NAME.matcher(id).matches() || id.length() > 128) {
      throw new DocumentException(
          "metadata.name",
          "'" + id + "' must be lower-case letters, digits, '-', '.' or '_', at most 128");
    }
    JsonNode spec = requiredObject(document, "spec", "spec");
    allowOnly(spec, "spec", SPEC_FIELDS);
    List<String> slos = DocumentReader.textList(spec, "slos", "spec.slos");
    String selectorService = null;
    Map<String, String> selectorLabels = Map.of();
    JsonNode selector = spec.get("selector");
    if (selector != null && !selector.isNull()) {
      if (!selector.isObject()) {
        throw new DocumentException(
            "spec.selector", "must be a mapping with service and/or labels");
      }
      allowOnly(selector, "spec.selector", Set.of("service", "labels"));
      selectorService = optionalText(selector, "service", "spec.selector.service");
      selectorLabels = DocumentReader.textMap(selector, "labels", "spec.selector.labels");
      if (selectorService == null && selectorLabels.isEmpty()) {
        throw new DocumentException("spec.selector", "names neither a service nor labels");
      }
    }
    if (slos.isEmpty() && selectorService == null && selectorLabels.isEmpty()) {
      throw new DocumentException("spec.slos", "name at least one SLO, or give a selector");
    }
    ZoneId zone =
        DocumentReader.zone(optionalText(spec, "timeZone", "spec.timeZone"), "spec.timeZone");
    Instant start =
        DocumentReader.instant(requiredText(spec, "start", "spec.start"), zone, "spec.start");
    String endText = optionalText(spec, "end", "spec.end");
    String durationText = optionalText(spec, "duration", "spec.duration");
    Instant end;
    if (endText != null && durationText != null) {
      throw new DocumentException("spec.duration", "give end or duration, not both");
    } else if (endText != null) {
      end = DocumentReader.instant(endText, zone, "spec.end");
    } else if (durationText != null) {
      end = start.plus(DocumentReader.duration(durationText, "spec.duration"));
    } else {
      throw new DocumentException("spec.end", "is required (or duration)");
    }
    if (!end.isAfter(start)) {
      throw new DocumentException(
          "spec.end",
          "the range is inverted or empty: end " + end + " is not after start " + start);
    }
    if (start.toEpochMilli() % 60_000 != 0) {
      throw new DocumentException("spec.start", start + " is not a whole minute");
    }
    if (end.toEpochMilli() % 60_000 != 0) {
      throw new DocumentException("spec.end", end + " is not a whole minute");
    }
    String actionText = requiredText(spec, "action", "spec.action");
    SloCorrection.Action action;
    try {
      action = SloCorrection.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DocumentException(
          "spec.action", "unknown action '" + actionText + "'; expected exclude or attribute");
    }
    String filedAtText = optionalText(spec, "filedAt", "spec.filedAt");
    long filed =
        filedAtText == null
            ? filedAt
            : DocumentReader.instant(filedAtText, zone, "spec.filedAt").toEpochMilli();
    return new SloCorrection(
        id,
        slos,
        selectorService,
        selectorLabels,
        start.toEpochMilli(),
        end.toEpochMilli(),
        zone.getId(),
        action,
        requiredText(spec, "reason", "spec.reason"),
        requiredText(spec, "filedBy", "spec.filedBy"),
        DocumentReader.bool(spec, "silencePages", "spec.silencePages", true),
        filed);
  }

  /** Reads the canonical JSON written by {@link #write}. */
  public static SloCorrection read(String text) {
    List<JsonNode> documents = DocumentReader.documents(text);
    if (documents.size() != 1) {
      throw new DocumentException("", "expected one correction, found " + documents.size());
    }
    return read(documents.get(0), 0, false);
  }

  /** The canonical document of {@code correction}: times with their offset in its zone. */
  public static ObjectNode toNode(SloCorrection correction) {
    ZoneId zone = ZoneId.of(correction.zone());
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", DocumentReader.API_VERSION);
    root.put("kind", KIND);
    root.putObject("metadata").put("name", correction.id());
    ObjectNode spec = root.putObject("spec");
    if (!correction.sloIds().isEmpty()) {
      correction.sloIds().forEach(spec.putArray("slos")::add);
    }
    if (correction.selectorService() != null || !correction.selectorLabels().isEmpty()) {
      ObjectNode selector = spec.putObject("selector");
      if (correction.selectorService() != null) {
        selector.put("service", correction.selectorService());
      }
      if (!correction.selectorLabels().isEmpty()) {
        ObjectNode labels = selector.putObject("labels");
        new java.util.TreeMap<>(correction.selectorLabels()).forEach(labels::put);
      }
    }
    spec.put(
        "start",
        Instant.ofEpochMilli(correction.startMs()).atZone(zone).toOffsetDateTime().toString());
    spec.put(
        "end", Instant.ofEpochMilli(correction.endMs()).atZone(zone).toOffsetDateTime().toString());
    spec.put("timeZone", correction.zone());
    spec.put("action", correction.action().name().toLowerCase(Locale.ROOT));
    spec.put("reason", correction.reason());
    spec.put("filedBy", correction.filedBy());
    spec.put("silencePages", correction.silencePages());
    spec.put("filedAt", Instant.ofEpochMilli(correction.filedAt()).toString());
    return root;
  }

  /** {@link #toNode} as JSON text: the value on the {@code slo-corrections} topic. */
  public static String write(SloCorrection correction) {
    return toNode(correction).toString();
  }
}
