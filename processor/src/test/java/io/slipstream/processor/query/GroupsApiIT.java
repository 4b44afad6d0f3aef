package io.slipstream.processor.query;

import static io.slipstream.processor.query.QueryApiIT.activeTasks;
import static io.slipstream.processor.query.QueryApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.query.QueryPipeline.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A grouped SLO's instances through the API of two processor instances on the real broker (only one
 * owns checkout; the other forwards): five customers, one failing. The list is ordered, paged and
 * filtered, an instance answers like an SLO, the SLO itself answers with its instances in brief,
 * and bad questions get 4xx JSON naming the parameter.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class GroupsApiIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String TOKEN = QueryPipeline.TOKEN;
  private static final String SLO = QueryPipeline.GROUPED_SLO;
  private static final String GROUPS = "/api/v1/slos/" + SLO + "/groups";

  @Test
  void shouldListPageAndShowTheInstancesOfAGroupedSlo(LocalStack stack, TestResources resources)
      throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources, true);
    ServedProcessor a = pipeline.startInstance(TOKEN);
    ServedProcessor b = pipeline.startInstance(TOKEN);
    try {
      await("both instances run with one active task each")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> activeTasks(a) == 1 && activeTasks(b) == 1);
      await("every SLO and every customer's instance evaluated with all of its events")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pipeline.complete(a.port()));
      String failing = QueryPipeline.FAILING_CUSTOMER;
      String failingKey = key(failing);

      // Whichever instance owns checkout, both answer the same.
      for (String question :
          List.of(
              GROUPS,
              GROUPS + "?sort=key&limit=2&offset=1",
              GROUPS + "/" + failing + "?history=30m",
              GROUPS + "/" + encode(key("acme")),
              "/api/v1/slos/" + SLO)) {
        await("instances a and b give the same answer to " + question)
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .untilAsserted(
                () -> {
                  Answer fromA = pipeline.get(a.port(), question, TOKEN);
                  Answer fromB = pipeline.get(b.port(), question, TOKEN);
                  assertThat(fromA.status()).as(question + " on a: " + fromA.body()).isEqualTo(200);
                  assertThat(fromB.status()).as(question + " on b: " + fromB.body()).isEqualTo(200);
                  assertThat(fromB.json()).as(question).isEqualTo(fromA.json());
                });
      }

      // By budget: the failing customer first, the others (budgets tied) by key.
      JsonNode byBudget = pipeline.get(b.port(), GROUPS, TOKEN).json();
      System.out.println("GroupsApiIT: " + byBudget.toPrettyString());
      assertThat(byBudget.get("sloId").asText()).isEqualTo(SLO);
      assertThat(byBudget.get("groupedBy")).hasSize(1);
      assertThat(byBudget.get("groupedBy").get(0).asText()).isEqualTo("customer");
      assertThat(byBudget.get("sort").asText()).isEqualTo("budget");
      assertThat(byBudget.get("total").asInt()).isEqualTo(5);
      assertThat(byBudget.get("instances").asInt()).isEqualTo(5);
      assertThat(byBudget.get("firingPage").asInt()).isEqualTo(1);
      assertThat(keys(byBudget))
          .containsExactly(failingKey, key("acme"), key("globex"), key("hooli"), key("umbrella"));
      JsonNode worst = byBudget.get("groups").get(0);
      assertThat(worst.get("group").get("customer").asText()).isEqualTo(failing);
      assertThat(worst.get("alertState").asText()).isEqualTo("PAGE");
      // One request in two fails against a 0.1 % budget.
      assertThat(worst.get("errorBudgetRemaining").asDouble()).isBetween(-510.0, -490.0);
      assertThat(worst.get("sli").asDouble()).isBetween(0.49, 0.51);
      assertThat(worst.get("periodTotalEvents").asLong())
          .isEqualTo(pipeline.eventsPerService() / 5);
      assertThat(worst.get("burnRates").get("5m").asDouble()).isBetween(450.0, 550.0);
      assertThat(worst.get("burnRates").get("1h").asDouble()).isBetween(450.0, 550.0);
      assertThat(worst.get("evaluatedAt").asLong()).isGreaterThan(pipeline.firstEvent);
      JsonNode healthy = byBudget.get("groups").get(1);
      assertThat(healthy.get("alertState").asText()).isEqualTo("OK");
      assertThat(healthy.get("errorBudgetRemaining").asDouble()).isEqualTo(1.0);

      // By key, paged; only the firing ones.
      JsonNode page = pipeline.get(a.port(), GROUPS + "?sort=key&limit=2&offset=1", TOKEN).json();
      assertThat(keys(page)).containsExactly(key("globex"), key("hooli"));
      assertThat(page.get("total").asInt()).isEqualTo(5);
      assertThat(page.get("offset").asInt()).isEqualTo(1);
      assertThat(page.get("limit").asInt()).isEqualTo(2);
      assertThat(keys(pipeline.get(a.port(), GROUPS + "?sort=key&offset=4", TOKEN).json()))
          .containsExactly(key("umbrella"));
      assertThat(keys(pipeline.get(a.port(), GROUPS + "?offset=5", TOKEN).json())).isEmpty();
      JsonNode firing = pipeline.get(a.port(), GROUPS + "?state=firing", TOKEN).json();
      assertThat(keys(firing)).containsExactly(failingKey);
      assertThat(firing.get("total").asInt()).isEqualTo(1);
      assertThat(firing.get("instances").asInt()).isEqualTo(5);

      // One instance: an SLO's answer with its group, by value or by key.
      JsonNode instance =
          pipeline.get(a.port(), GROUPS + "/" + failing + "?history=30m", TOKEN).json();
      assertThat(instance.get("id").asText()).isEqualTo(SLO);
      assertThat(instance.get("groupKey").asText()).isEqualTo(failingKey);
      assertThat(instance.get("group").get("customer").asText()).isEqualTo(failing);
      assertThat(instance.get("alertState").asText()).isEqualTo("PAGE");
      assertThat(instance.get("status").get("periodTotalEvents").asLong())
          .isEqualTo(pipeline.eventsPerService() / 5);
      assertThat(instance.get("history").get("minutes")).hasSize(30);
      assertThat(instance.get("history").get("burnRates").get("5m")).hasSize(30);
      assertThat(instance.get("rules")).isNotEmpty();
      JsonNode byKey = pipeline.get(b.port(), GROUPS + "/" + encode(failingKey), TOKEN).json();
      assertThat(byKey.get("status")).isEqualTo(instance.get("status"));

      // The grouped SLO answers with its instances in brief; the others answer as before.
      JsonNode slos = pipeline.get(b.port(), "/api/v1/slos?sort=budget", TOKEN).json();
      assertThat(slos).hasSize(3);
      JsonNode grouped = slos.get(0);
      assertThat(grouped.get("id").asText())
          .as("least budget left: the failing customer's")
          .isEqualTo(SLO);
      assertThat(grouped.get("status").isNull()).isTrue();
      assertThat(grouped.get("alertState").asText()).isEqualTo("PAGE");
      assertThat(grouped.get("groupedBy").get(0).asText()).isEqualTo("customer");
      assertThat(grouped.get("groups").get("instances").asInt()).isEqualTo(5);
      assertThat(grouped.get("groups").get("firingPage").asInt()).isEqualTo(1);
      assertThat(grouped.get("groups").get("worst")).hasSize(5);
      assertThat(grouped.get("groups").get("worst").get(0).get("key").asText())
          .isEqualTo(failingKey);
      JsonNode ungrouped = slos.get(1);
      assertThat(ungrouped.get("id").asText()).isEqualTo("checkout-availability");
      assertThat(ungrouped.has("groupedBy") || ungrouped.has("groups") || ungrouped.has("group"))
          .as(ungrouped.toString())
          .isFalse();
      assertThat(pipeline.get(a.port(), "/api/v1/slos/" + SLO, TOKEN).json().get("groups"))
          .isEqualTo(grouped.get("groups"));

      // Refusals name the parameter and the problem.
      int port = b.port();
      Answer unknownGroup = pipeline.get(port, GROUPS + "/nobody", TOKEN);
      assertError(unknownGroup, 404, "not_found", "group");
      assertThat(unknownGroup.json().get("message").asText())
          .isEqualTo(
              "SLO '"
                  + SLO
                  + "' has no instance customer=\"nobody\" (no event of that group, or none for"
                  + " its expiry time)");
      Answer unknownSlo = pipeline.get(port, "/api/v1/slos/nope/groups", TOKEN);
      assertError(unknownSlo, 404, "not_found", "id");
      assertThat(unknownSlo.json().get("message").asText()).isEqualTo("no SLO with id 'nope'");
      assertError(
          pipeline.get(port, "/api/v1/slos/nope/groups/acme", TOKEN), 404, "not_found", "id");
      Answer ungroupedGroups =
          pipeline.get(port, "/api/v1/slos/checkout-availability/groups", TOKEN);
      assertError(ungroupedGroups, 400, "bad_parameter", "id");
      assertThat(ungroupedGroups.json().get("message").asText()).contains("is not grouped");
      assertError(pipeline.get(port, GROUPS + "?limit=0", TOKEN), 400, "bad_parameter", "limit");
      assertError(pipeline.get(port, GROUPS + "?limit=1001", TOKEN), 400, "bad_parameter", "limit");
      assertError(pipeline.get(port, GROUPS + "?offset=-1", TOKEN), 400, "bad_parameter", "offset");
      assertError(pipeline.get(port, GROUPS + "?sort=size", TOKEN), 400, "bad_parameter", "sort");
      assertError(
          pipeline.get(port, GROUPS + "?state=burning", TOKEN), 400, "bad_parameter", "state");
      assertError(
          pipeline.get(port, GROUPS + "/" + encode("region=\"eu\""), TOKEN),
          400,
          "bad_parameter",
          "group");
      assertError(
          pipeline.get(port, GROUPS + "/acme?history=2d", TOKEN), 400, "bad_parameter", "history");
    } finally {
      a.close();
      b.close();
    }
  }

  private static String key(String customer) {
    return "customer=\"" + customer + "\"";
  }

  private static String encode(String group) {
    return URLEncoder.encode(group, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.get("groups").forEach(row -> keys.add(row.get("key").asText()));
    return keys;
  }
}
