package io.slipstream.processor.slo.sla;

import static io.slipstream.processor.slo.documents.DocumentReader.allowOnly;
import static io.slipstream.processor.slo.documents.DocumentReader.optionalText;
import static io.slipstream.processor.slo.documents.DocumentReader.requiredObject;
import static io.slipstream.processor.slo.documents.DocumentReader.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The document form of an {@link SlaDefinition}, in YAML files beside the SLOs and on the {@code
 * sla-definitions} topic:
 *
 * <pre>
 * apiVersion: slipstream.io/v1
 * kind: SLA
 * metadata:
 *   name: checkout-monthly
 * spec:
 *   slo: checkout-availability
 *   period: month             # or week (Monday to Monday)
 *   timeZone: Europe/Berlin   # default UTC
 *   credits:                  # achieved SLI below a threshold (percent) owes that credit (percent)
 *     - {below: 99.9, credit: 10}
 *     - {below: 99, credit: 25}
 *     - {below: 95, credit: 100}
 *   worstIncidents: 5         # default 5
 * </pre>
 */
public final class SlaDocument {
  public static final String KIND = "SLA";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SlaDocument() {}

  /**
   * @throws DocumentException naming the first bad field
   */
  public static SlaDefinition read(JsonNode document) {
    if (!DocumentReader.isKind(document, KIND)) {
      throw new DocumentException(
          "kind", "expected apiVersion " + DocumentReader.API_VERSION + " and kind " + KIND);
    }
    allowOnly(document, "", Set.of("apiVersion", "kind", "metadata", "spec"));
    String id =
        requiredText(requiredObject(document, "metadata", "metadata"), "name", "metadata.name");
    JsonNode spec = requiredObject(document, "spec", "spec");
    allowOnly(spec, "spec", Set.of("slo", "period", "timeZone", "credits", "worstIncidents"));
    String slo = requiredText(spec, "slo", "spec.slo");
    String period = requiredText(spec, "period", "spec.period").toLowerCase(Locale.ROOT);
    CalendarUnit unit;
    if (period.equals("month")) {
      unit = CalendarUnit.MONTH;
    } else if (period.equals("week")) {
      unit = CalendarUnit.WEEK;
    } else {
      throw new DocumentException(
          "spec.period", "unknown period '" + period + "'; expected month or week");
    }
    ZoneId zone =
        DocumentReader.zone(optionalText(spec, "timeZone", "spec.timeZone"), "spec.timeZone");
    JsonNode credits = spec.get("credits");
    if (credits == null || !credits.isArray() || credits.isEmpty()) {
      throw new DocumentException("spec.credits", "is required: a list of {below, credit}");
    }
    List<SlaDefinition.CreditTier> tiers = new ArrayList<>();
    for (int i = 0; i < credits.size(); i++) {
      String path = "spec.credits[" + i + "]";
      JsonNode tier = credits.get(i);
      if (!tier.isObject()) {
        throw new DocumentException(path, "must be a mapping {below, credit}");
      }
      allowOnly(tier, path, Set.of("below", "credit"));
      double below = percent(tier, "below", path + ".below");
      double credit = percent(tier, "credit", path + ".credit");
      if (below == 0) {
        throw new DocumentException(path + ".below", "must be above 0");
      }
      for (SlaDefinition.CreditTier earlier : tiers) {
        if (earlier.belowPercent() == below) {
          throw new DocumentException(path + ".below", "threshold " + below + " is given twice");
        }
      }
      tiers.add(new SlaDefinition.CreditTier(below, credit));
    }
    int worst = 5;
    JsonNode worstNode = spec.get("worstIncidents");
    if (worstNode != null && !worstNode.isNull()) {
      if (!worstNode.canConvertToInt() || worstNode.asInt() < 0 || worstNode.asInt() > 100) {
        throw new DocumentException("spec.worstIncidents", "must be a whole number from 0 to 100");
      }
      worst = worstNode.asInt();
    }
    return new SlaDefinition(id, slo, unit, zone, tiers, worst);
  }

  public static SlaDefinition read(String text) {
    List<JsonNode> documents = DocumentReader.documents(text);
    if (documents.size() != 1) {
      throw new DocumentException("", "expected one SLA, found " + documents.size());
    }
    return read(documents.get(0));
  }

  /** Adds {@code sla}'s tiers to {@code credits} as {@code {below, credit}} objects. */
  public static void credits(
      SlaDefinition sla, com.fasterxml.jackson.databind.node.ArrayNode credits) {
    sla.tiers()
        .forEach(
            tier ->
                credits
                    .addObject()
                    .put("below", tier.belowPercent())
                    .put("credit", tier.creditPercent()));
  }

  private static double percent(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > 100) {
      throw new DocumentException(path, "must be a percentage from 0 to 100");
    }
    return value.asDouble();
  }

  /** The canonical document of {@code sla}: the value on the {@code sla-definitions} topic. */
  public static String write(SlaDefinition sla) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", DocumentReader.API_VERSION);
    root.put("kind", KIND);
    root.putObject("metadata").put("name", sla.id());
    ObjectNode spec = root.putObject("spec");
    spec.put("slo", sla.sloId());
    spec.put("period", sla.unit() == CalendarUnit.WEEK ? "week" : "month");
    spec.put("timeZone", sla.zone().getId());
    credits(sla, spec.putArray("credits"));
    spec.put("worstIncidents", sla.worstIncidents());
    return root.toString();
  }
}
