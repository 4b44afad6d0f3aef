package io.slipstream.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the standalone input schemas in {@code src/main/avro-standalone} identical to the modular
 * ones in {@code src/main/avro}. The modular files name shared types ({@code RequestEvent} names
 * {@code Outcome} from {@code common/Outcome.avsc}), so a client in another language cannot parse
 * one on its own; each standalone file has every named type inlined, and is exactly the schema
 * Slipstream registers under the input topic's subject (pretty-printed), so a producer that looks
 * its schema up by text instead of registering it finds it. A file that has drifted fails the build
 * with a fresh copy in {@code target/standalone-schemas} to replace it with.
 */
class StandaloneSchemasTest {
  private static final Path STANDALONE = Paths.get("src/main/avro-standalone");
  private static final Path MODULAR = Paths.get("src/main/avro");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The schemas of the input topics: what producers outside the JVM write. */
  static List<Schema> inputSchemas() {
    return List.of(RequestEvent.getClassSchema(), ResourceSample.getClassSchema());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputSchemas")
  void shouldHoldExactlyTheSchemaSlipstreamRegisters(Schema registered) throws IOException {
    Path file = STANDALONE.resolve(registered.getName() + ".avsc");
    String expected = SchemaFormatter.getInstance("json/pretty").format(registered) + "\n";
    if (!Files.exists(file) || !Files.readString(file).equals(expected)) {
      Path candidate = Paths.get("target/standalone-schemas", registered.getName() + ".avsc");
      Files.createDirectories(candidate.getParent());
      Files.writeString(candidate, expected);
      fail("%s is missing or differs from the modular schema: replace it with %s", file, candidate);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputSchemas")
  void shouldParseAloneAndEqualTheModularSchema(Schema registered) throws IOException {
    Path file = STANDALONE.resolve(registered.getName() + ".avsc");
    Schema standalone = new Schema.Parser().parse(file.toFile());
    assertThat(standalone).as("the generated class's schema").isEqualTo(registered);

    // The generated classes mark their strings avro.java.string=String (a hint to Java readers
    // only); without it, the file is the modular files parsed together.
    Schema.Parser modular = new Schema.Parser();
    modular.parse(MODULAR.resolve("common/Outcome.avsc").toFile());
    Schema expected = modular.parse(MODULAR.resolve(registered.getName() + ".avsc").toFile());
    JsonNode withoutJavaHints = withoutKey(JSON.readTree(file.toFile()), "avro.java.string");
    assertThat(new Schema.Parser().parse(withoutJavaHints.toString()))
        .as("%s without its Java hints", file)
        .isEqualTo(expected);
  }

  private static JsonNode withoutKey(JsonNode node, String key) {
    if (node instanceof ObjectNode object) {
      object.remove(key);
    }
    node.forEach(child -> withoutKey(child, key));
    return node;
  }
}
