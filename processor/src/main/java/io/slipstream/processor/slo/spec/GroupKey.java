package io.slipstream.processor.slo.spec;

import io.slipstream.avro.RequestEvent;
import java.util.Objects;

/**
 * One grouping key of an SLO: a field of the request event ({@code operation}, {@code region},
 * {@code zone}, {@code instance}) or one of its attributes ({@code attributes.customer}). The label
 * is the field's name or the attribute's; an event without the field is in the group of the empty
 * value, as a missing Prometheus label is.
 *
 * @param field the event field, or {@link Field#ATTRIBUTE}
 * @param attribute the attribute's name for {@link Field#ATTRIBUTE}, else null
 */
public record GroupKey(Field field, String attribute) {
  /** The event fields a group key can name. */
  public enum Field {
    OPERATION("operation"),
    REGION("region"),
    ZONE("zone"),
    INSTANCE("instance"),
    ATTRIBUTE("attributes.");

    private final String spelling;

    Field(String spelling) {
      this.spelling = spelling;
    }
  }

  private static final String ATTRIBUTE_PREFIX = "attributes.";

  public GroupKey {
    Objects.requireNonNull(field, "field");
    if ((field == Field.ATTRIBUTE) != (attribute != null)) {
      throw new IllegalArgumentException("an attribute name goes with attributes. keys only");
    }
    if (attribute != null && attribute.isEmpty()) {
      throw new IllegalArgumentException("an attribute key needs a name: attributes.<name>");
    }
  }

  /**
   * Reads a key as written in a definition.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static GroupKey parse(String text) {
    if (text.startsWith(ATTRIBUTE_PREFIX)) {
      return new GroupKey(Field.ATTRIBUTE, text.substring(ATTRIBUTE_PREFIX.length()));
    }
    for (Field field : Field.values()) {
      if (field != Field.ATTRIBUTE && field.spelling.equals(text)) {
        return new GroupKey(field, null);
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a grouping key; expected operation, region, zone, instance or"
            + " attributes.<name>");
  }

  /** The key as written in a definition. */
  public String text() {
    return field == Field.ATTRIBUTE ? ATTRIBUTE_PREFIX + attribute : field.spelling;
  }

  /** The name the group's value goes by in records, alerts and queries. */
  public String label() {
    return field == Field.ATTRIBUTE ? attribute : field.spelling;
  }

  /** This key's value in {@code event}, or the empty string when the event has none. */
  public String valueOf(RequestEvent event) {
    CharSequence value =
        switch (field) {
          case OPERATION -> event.getOperation();
          case REGION -> event.getRegion();
          case ZONE -> event.getZone();
          case INSTANCE -> event.getInstance();
          case ATTRIBUTE -> event.getAttributes().get(attribute);
        };
    return value == null ? "" : value.toString();
  }
}
