package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the OpenSLO parser, which reads definitions from files and from a
 * Kafka topic anyone with write access can feed: whatever the text, it returns a result (never
 * throws) in which every SLO is valid or an error explains why it is not. Seeds: {@code
 * OpenSloParserFuzzTestInputs/} in the test resources, from the shipped examples.
 */
class OpenSloParserFuzzTest {

  @FuzzTest(maxDuration = "4s")
  void shouldReturnDefinitionsOrErrorsForAnyText(byte[] input) {
    SloParseResult result =
        OpenSloParser.parse("fuzz.yaml", new String(input, StandardCharsets.UTF_8));
    assertThat(result).isNotNull();
    result.errors().forEach(error -> assertThat(error.toString()).isNotBlank());
    result.definitions().forEach(definition -> assertThat(definition.id()).isNotBlank());
  }
}
