package io.slipstream.serde;

import org.apache.avro.Schema;

/** How a serializer names the registry subject a record's schema is registered under. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. The default. */
  TOPIC_NAME,
  /** The record's full name: one lineage per record type, shared by all topics. */
  RECORD_NAME,
  /** {@code <topic>-<record full name>}: several record types per topic. */
  TOPIC_RECORD_NAME;

  /** The subject for a record with {@code schema} written to {@code topic}. */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /**
   * Parses a strategy from configuration. Accepts the enum name, or Confluent's class names (simple
   * or fully qualified, e.g. {@code io.confluent.kafka.serializers.subject.RecordNameStrategy}) so
   * that existing configuration works.
   *
   * @throws IllegalArgumentException naming the value when it is none of these
   */
  public static SubjectNameStrategy parse(String value) {
    String simpleName = value.substring(value.lastIndexOf('.') + 1).trim();
    return switch (simpleName) {
      case "TopicNameStrategy", "TOPIC_NAME" -> TOPIC_NAME;
      case "RecordNameStrategy", "RECORD_NAME" -> RECORD_NAME;
      case "TopicRecordNameStrategy", "TOPIC_RECORD_NAME" -> TOPIC_RECORD_NAME;
      default ->
          throw new IllegalArgumentException(
              "unknown subject name strategy '"
                  + value
                  + "'; expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    };
  }
}
