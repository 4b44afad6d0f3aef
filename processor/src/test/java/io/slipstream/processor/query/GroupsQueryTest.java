package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The parameters of the group resources: defaults, ranges, and how a group is named. */
class GroupsQueryTest {

  @Test
  void shouldDefaultToTheFiftyInstancesWithTheLeastBudgetLeft() {
    assertThat(GroupsQuery.parse(Map.<String, String>of()::get))
        .isEqualTo(new GroupsQuery("budget", null, 0, 50));
    assertThat(
            GroupsQuery.parse(
                Map.of("sort", "key", "state", "firing", "offset", "100", "limit", "1000")::get))
        .isEqualTo(new GroupsQuery("key", "firing", 100, 1000));
  }

  @Test
  void shouldRefuseParametersOutOfRangeNamingThem() {
    assertBad(Map.of("limit", "0"), "limit", "limit must be from 1 to 1000, was 0");
    assertBad(Map.of("limit", "1001"), "limit", "limit must be from 1 to 1000, was 1001");
    assertBad(Map.of("limit", "ten"), "limit", "limit must be a whole number, was 'ten'");
    assertBad(Map.of("offset", "-1"), "offset", "offset must be 0 or more, was -1");
    assertBad(Map.of("sort", "name"), "sort", "unknown sort 'name'; expected budget or key");
    assertBad(
        Map.of("state", "burning"),
        "state",
        "unknown state 'burning'; expected firing, page, ticket or ok");
  }

  @Test
  void shouldNameAnInstanceByItsKeyItsValueOrOther() throws Exception {
    SloDefinition slo = bySomething("by: [attributes.customer]");

    assertThat(GroupsApi.group(slo, "acme").key()).isEqualTo("customer=\"acme\"");
    assertThat(GroupsApi.group(slo, "customer=\"acme\"").values()).containsExactly("acme");
    assertThat(GroupsApi.group(slo, "other").isOther()).isTrue();
    assertThat(GroupsApi.group(slo, "customer=\"other\"").values()).containsExactly("other");
    assertThat(GroupsApi.group(slo, "customer=\"a \\\"quoted\\\" name\"").values())
        .containsExactly("a \"quoted\" name");
    assertThatThrownBy(() -> GroupsApi.group(slo, "region=\"eu\""))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).parameter())
        .isEqualTo("group");
  }

  @Test
  void shouldAskForTheWholeKeyWhenGroupedBySeveralKeys() throws Exception {
    SloDefinition slo = bySomething("by: [attributes.customer, region]");

    SloGroup group = GroupsApi.group(slo, "customer=\"acme\",region=\"eu\"");
    assertThat(group.values()).containsExactly("acme", "eu");
    assertThatThrownBy(() -> GroupsApi.group(slo, "acme"))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "SLO 'checkout-availability-by-customer' is grouped by customer, region: name an"
                + " instance by its key, customer=\"...\",region=\"...\"");
  }

  private static void assertBad(Map<String, String> parameters, String name, String message) {
    assertThatThrownBy(() -> GroupsQuery.parse(parameters::get))
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .asInstanceOf(InstanceOfAssertFactories.type(ApiException.class))
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.parameter()).isEqualTo(name);
            });
  }

  private static SloDefinition bySomething(String by) throws Exception {
    String yaml =
        Files.readString(Path.of("../examples/slos/checkout-availability-by-customer.yaml"))
            .replace("by: [attributes.customer]", by);
    List<SloDefinition> parsed = OpenSloParser.parse("by.yaml", yaml).definitions();
    assertThat(parsed).hasSize(1);
    return parsed.get(0);
  }
}
