package io.slipstream.processor.slo.definitions;

/** Conventions of the {@code slo-definitions} topic. */
public final class SloDefinitionTopic {
  private SloDefinitionTopic() {}

  /** How parse errors name a definition that arrived on the topic. */
  static String sourceName(String id) {
    return "slo-definitions/" + id;
  }
}
