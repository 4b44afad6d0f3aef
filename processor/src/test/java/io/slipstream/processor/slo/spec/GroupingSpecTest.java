package io.slipstream.processor.slo.spec;

import static io.slipstream.processor.slo.spec.SpecYaml.AVAILABILITY;
import static io.slipstream.processor.slo.spec.SpecYaml.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grouping extension: {@code spec.grouping}, the annotation, errors, and the round trip. */
class GroupingSpecTest {
  private static final String SERVICE_LINE = "  service: checkout\n";

  private static SloParseResult parse(String yaml) {
    return OpenSloParser.parse("test.yaml", yaml);
  }

  private static SloDefinition parseOne(String yaml) {
    SloParseResult result = parse(yaml);
    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    return result.definitions().get(0);
  }

  private static String grouped(String block) {
    return with(AVAILABILITY, SERVICE_LINE, SERVICE_LINE + block);
  }

  @Test
  void shouldReadTheGroupingBlockWithDefaultsFromThePeriod() {
    SloDefinition slo = parseOne(grouped("  grouping:\n    by: [attributes.customer, region]\n"));
    assertThat(slo.isGrouped()).isTrue();
    assertThat(slo.grouping().keys())
        .containsExactly(
            new GroupKey(GroupKey.Field.ATTRIBUTE, "customer"),
            new GroupKey(GroupKey.Field.REGION, null));
    assertThat(slo.grouping().labels()).containsExactly("customer", "region");
    assertThat(slo.grouping().maxGroups()).isEqualTo(Grouping.DEFAULT_MAX_GROUPS);
    assertThat(slo.grouping().expireAfter()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void shouldReadTheCapAndExpiry() {
    SloDefinition slo =
        parseOne(
            grouped("  grouping:\n    by: operation\n    maxGroups: 500\n    expireAfter: 7d\n"));
    assertThat(slo.grouping().maxGroups()).isEqualTo(500);
    assertThat(slo.grouping().expireAfter()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldReadTheAnnotationThatKeepsTheFileValidOpenSlo() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            "  name: checkout-availability\n"
                + "  annotations:\n"
                + "    slipstream.io/group-by: \"attributes.tenant, zone\"\n");
    assertThat(parseOne(yaml).grouping().labels()).containsExactly("tenant", "zone");
  }

  @Test
  void shouldNotGroupWithoutTheExtension() {
    assertThat(parseOne(AVAILABILITY).isGrouped()).isFalse();
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertThat(parse(grouped("  grouping:\n    by: [customer]\n")).errorReport())
        .contains("spec.grouping.by")
        .contains("'customer' is not a grouping key")
        .contains("attributes.<name>");
    assertThat(parse(grouped("  grouping:\n    by: [region, attributes.region]\n")).errorReport())
        .contains("two grouping keys are labelled 'region'");
    assertThat(parse(grouped("  grouping:\n    by: [region]\n    maxGroups: 0\n")).errorReport())
        .contains("spec.grouping.maxGroups")
        .contains("1 or more");
    assertThat(parse(grouped("  grouping:\n    by: [region]\n    expire: 1d\n")).errorReport())
        .contains("spec.grouping");
    assertThat(parse(grouped("  grouping:\n    maxGroups: 5\n")).errorReport())
        .contains("spec.grouping.by");
  }

  @Test
  void shouldWriteAGroupedSloThatReadsBackTheSame() {
    SloDefinition slo =
        parseOne(
            grouped(
                "  grouping:\n    by: [attributes.customer, operation]\n"
                    + "    maxGroups: 20\n    expireAfter: 2d\n"));
    SloDefinition back = parseOne(OpenSloWriter.write(slo));
    assertThat(back).isEqualTo(slo);
  }

  @Test
  void shouldTakeAMissingValueAsEmpty() {
    RequestEvent event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("POST /orders")
            .setTimestamp(Instant.EPOCH)
            .setLatencyMicros(1)
            .setOutcome(Outcome.SUCCESS)
            .setAttributes(Map.of("customer", "acme"))
            .build();
    assertThat(GroupKey.parse("attributes.customer").valueOf(event)).isEqualTo("acme");
    assertThat(GroupKey.parse("attributes.tenant").valueOf(event)).isEmpty();
    assertThat(GroupKey.parse("region").valueOf(event)).isEmpty();
    assertThat(GroupKey.parse("operation").valueOf(event)).isEqualTo("POST /orders");
    assertThat(List.of("operation", "region", "zone", "instance", "attributes.x"))
        .allSatisfy(text -> assertThat(GroupKey.parse(text).text()).isEqualTo(text));
  }
}
