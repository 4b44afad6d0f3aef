package io.slipstream.serde;

import java.util.Map;

/**
 * The serdes' configuration, read from the same keys as Confluent's Avro serdes.
 *
 * @param registry how to reach the registry ({@value SchemaRegistrySettings#URL} and friends)
 * @param autoRegisterSchemas {@value #AUTO_REGISTER_SCHEMAS}: register unknown schemas (default
 *     true) or only look them up, failing for a schema not registered beforehand
 * @param subjectNameStrategy {@value #KEY_SUBJECT_NAME_STRATEGY} or {@value
 *     #VALUE_SUBJECT_NAME_STRATEGY}, whichever applies (default topic name)
 * @param specificAvroReader {@value #SPECIFIC_AVRO_READER}: decode into generated classes (true) or
 *     {@code GenericRecord} (false, the default) when the deserializer was not given a target class
 */
public record AvroSerdeConfig(
    SchemaRegistrySettings registry,
    boolean autoRegisterSchemas,
    SubjectNameStrategy subjectNameStrategy,
    boolean specificAvroReader) {

  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /**
   * Reads the configuration for a key ({@code isKey}) or value serde.
   *
   * @throws IllegalArgumentException naming the malformed key
   */
  public static AvroSerdeConfig fromConfig(Map<String, ?> config, boolean isKey) {
    Object strategy = config.get(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY);
    return new AvroSerdeConfig(
        SchemaRegistrySettings.fromConfig(config),
        bool(config, AUTO_REGISTER_SCHEMAS, true),
        strategy == null
            ? SubjectNameStrategy.TOPIC_NAME
            : SubjectNameStrategy.parse(strategy.toString()),
        bool(config, SPECIFIC_AVRO_READER, false));
  }

  private static boolean bool(Map<String, ?> config, String key, boolean fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
    };
  }
}
