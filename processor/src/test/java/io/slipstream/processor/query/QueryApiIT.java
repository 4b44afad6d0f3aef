package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.query.QueryPipeline.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two processor instances (same application id, own state dirs and ports) on the real broker: each
 * owns one service, both answer every question the same, bad questions get 4xx JSON, and when one
 * stops the other answers everything after the rebalance, with only whole answers or 503 between.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class QueryApiIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String TOKEN = QueryPipeline.TOKEN;

  @Test
  void shouldAnswerTheSameOnEveryInstanceAndSurviveOneStopping(
      LocalStack stack, TestResources resources) throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources);
    ServedProcessor a = pipeline.startInstance(TOKEN);
    ServedProcessor b = pipeline.startInstance(TOKEN);
    try {
      await("both instances run with one active task each")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> activeTasks(a) == 1 && activeTasks(b) == 1);
      await("every SLO evaluated and every event counted, as seen from instance a")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pipeline.complete(a.port()));

      // Both instances give the same answers, whichever owns the data.
      for (String question :
          List.of(
              "/api/v1/slos",
              "/api/v1/slos?sort=budget",
              "/api/v1/slos/checkout-availability",
              "/api/v1/slos/" + pipeline.other + "-availability",
              "/api/v1/services/checkout/sli?" + pipeline.eventRange(),
              "/api/v1/services/" + pipeline.other + "/sli?" + pipeline.eventRange(),
              "/api/v1/services/checkout/sli?operation=GET%20/items&" + pipeline.eventRange(),
              "/api/v1/services/checkout/series?step=1m&window=30m")) {
        // Evaluations also run on wall-clock punctuation, so two reads may straddle one: the
        // instances must agree, if not at once then at the next try.
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

      JsonNode sli =
          pipeline
              .get(b.port(), "/api/v1/services/checkout/sli?" + pipeline.eventRange(), TOKEN)
              .json();
      assertThat(sli.get("requestCount").asLong()).isEqualTo(pipeline.eventsPerService);
      assertThat(sli.get("errorCount").asLong()).isEqualTo((pipeline.eventsPerService + 9) / 10);
      assertThat(sli.get("errorRatio").asDouble()).isBetween(0.099, 0.101);
      assertThat(sli.get("latencyMicros").get("p50").asDouble()).isBetween(5_800.0, 6_200.0);
      assertThat(sli.get("latencyMicros").get("max").asLong()).isEqualTo(10_900);
      assertThat(sli.get("saturation").asDouble()).isEqualTo(0.8);
      assertThat(sli.get("exemplarTraceIds")).isNotEmpty();
      assertThat(sli.get("requestsPerSecond").asDouble()).isBetween(0.95, 1.01);

      // A trailing window ends at the engine's event time, which the answer names.
      JsonNode trailing =
          pipeline.get(b.port(), "/api/v1/services/checkout/sli?window=30m", TOKEN).json();
      assertThat(trailing.get("nowSource").asText()).isEqualTo("event-time");
      assertThat(trailing.get("now").asLong())
          .isBetween(pipeline.lastEvent, System.currentTimeMillis());
      assertThat(trailing.get("requestCount").asLong()).isEqualTo(pipeline.eventsPerService);

      JsonNode slos = pipeline.get(a.port(), "/api/v1/slos?sort=budget", TOKEN).json();
      assertThat(slos).hasSize(2);
      // Checkout burns 10 % errors against a 0.1 % budget: least budget, first, paging.
      assertThat(slos.get(0).get("id").asText()).isEqualTo("checkout-availability");
      assertThat(slos.get(0).get("alertState").asText()).isEqualTo("PAGE");
      assertThat(slos.get(0).get("status").get("burnRates").get("5m").asDouble())
          .isBetween(90.0, 110.0);
      assertThat(slos.get(1).get("alertState").asText()).isEqualTo("OK");
      assertThat(slos.get(1).get("status").get("errorBudgetRemaining").asDouble()).isEqualTo(1.0);

      JsonNode detail =
          pipeline.get(b.port(), "/api/v1/slos/checkout-availability?history=30m", TOKEN).json();
      assertThat(detail.get("history").get("minutes")).hasSize(30);
      assertThat(detail.get("history").get("burnRates").get("5m")).hasSize(30);
      assertThat(detail.get("rules")).isNotEmpty();

      // One instance stops: the other takes over its partition and answers everything.
      long stopped = System.nanoTime();
      b.close();
      List<Integer> statuses = new ArrayList<>();
      await("instance a answers for both services after b stopped")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Answer answer = pipeline.get(a.port(), "/api/v1/slos", TOKEN);
                statuses.add(answer.status());
                if (answer.status() == 503) {
                  assertThat(answer.response().headers().firstValue("Retry-After")).isPresent();
                  return false;
                }
                // Never a partial answer: a 200 always lists both SLOs with a status.
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json()).hasSize(2);
                return activeTasks(a) == 2 && pipeline.complete(a.port());
              });
      System.out.printf(
          "QueryApiIT: a answered alone after %d ms; statuses seen: %s%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped), statuses);
      JsonNode restored =
          pipeline
              .get(
                  a.port(),
                  "/api/v1/services/" + pipeline.other + "/sli?" + pipeline.eventRange(),
                  TOKEN)
              .json();
      assertThat(restored.get("requestCount").asLong()).isEqualTo(pipeline.eventsPerService);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void shouldRefuseBadQuestionsWithJsonNamingTheParameter(LocalStack stack, TestResources resources)
      throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources);
    try (ServedProcessor a = pipeline.startInstance(TOKEN)) {
      await("the instance runs and has counted checkout")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> pipeline.complete(a.port()));
      int port = a.port();

      assertError(pipeline.get(port, "/api/v1/slos", null), 401, "unauthorized", null);
      assertThat(
              pipeline
                  .get(port, "/api/v1/slos", null)
                  .response()
                  .headers()
                  .firstValue("WWW-Authenticate"))
          .contains("Bearer");
      assertError(pipeline.get(port, "/api/v1/slos", "wrong"), 403, "forbidden", null);
      assertError(
          pipeline.get(port, "/api/v1/slos?sort=size", TOKEN), 400, "bad_parameter", "sort");
      assertError(pipeline.get(port, "/api/v1/slos/nope", TOKEN), 404, "not_found", "id");
      assertError(
          pipeline.get(port, "/api/v1/services/nope/sli?window=5m", TOKEN),
          404,
          "not_found",
          "service");
      String sli = "/api/v1/services/checkout/sli";
      assertError(pipeline.get(port, sli + "?window=5x", TOKEN), 400, "bad_parameter", "window");
      assertError(pipeline.get(port, sli + "?window=15s", TOKEN), 400, "bad_parameter", "window");
      assertError(pipeline.get(port, sli + "?window=90d", TOKEN), 400, "bad_parameter", "window");
      assertError(
          pipeline.get(port, sli + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", TOKEN),
          400,
          "bad_parameter",
          "from");
      assertError(
          pipeline.get(port, sli + "?from=2026-01-01T00:00:05Z&to=2026-01-01T00:01:00Z", TOKEN),
          400,
          "bad_parameter",
          "from");
      assertError(pipeline.get(port, sli + "?from=yesterday", TOKEN), 400, "bad_parameter", "from");
      assertError(
          pipeline.get(port, sli + "?from=0&to=1000000000000", TOKEN),
          400,
          "bad_parameter",
          "from");
      assertError(
          pipeline.get(port, sli + "?window=1h&from=0", TOKEN), 400, "bad_parameter", "window");
      String series = "/api/v1/services/checkout/series";
      assertError(
          pipeline.get(port, series + "?window=1h&step=7s", TOKEN), 400, "bad_parameter", "step");
      assertError(
          pipeline.get(port, series + "?window=1d&step=10s", TOKEN), 400, "bad_parameter", "step");
      assertError(
          pipeline.get(port, "/api/v1/slos/checkout-availability?history=2d", TOKEN),
          400,
          "bad_parameter",
          "history");
      assertError(pipeline.get(port, "/api/v1/nothing", TOKEN), 404, "not_found", null);

      // Open without a token: probes, metrics, the API description.
      assertThat(pipeline.get(port, "/health/live", null).status()).isEqualTo(200);
      assertThat(pipeline.get(port, "/health/ready", null).status()).isEqualTo(200);
      assertThat(pipeline.get(port, "/health/startup", null).status()).isEqualTo(200);
      Answer openApi = pipeline.get(port, "/api/v1/openapi.json", null);
      assertThat(openApi.status()).isEqualTo(200);
      assertThat(openApi.json().get("openapi").asText()).startsWith("3.");

      Answer metrics = pipeline.get(port, "/metrics", null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body())
          .contains(
              "slipstream_slo_error_budget_remaining{service=\"checkout\",slo=\"checkout-availability\"}")
          .contains(
              "slipstream_slo_burn_rate{service=\"checkout\",slo=\"checkout-availability\",window=\"5m\"}")
          .contains(
              "slipstream_slo_alert_firing{service=\"checkout\",severity=\"page\",slo=\"checkout-availability\"} 1")
          .contains("kafka_stream_")
          .containsPattern(
              "slipstream_records_dead_lettered_total\\{reason=\"[A-Z_]+\",topic=\"[^\"]*request-events\"\\} 1");
      PromtoolCheck.assertValid(metrics.body());
      // Every metric the alerts on Slipstream itself use is exported.
      java.util.regex.Matcher named =
          java.util.regex.Pattern.compile("\\b(?:kafka|slipstream)_[a-z_]+")
              .matcher(
                  java.nio.file.Files.readString(
                      java.nio.file.Path.of(
                          "..", "deploy", "prometheus", "slipstream-rules.yaml")));
      while (named.find()) {
        assertThat(metrics.body()).as("/metrics").contains(named.group() + "{");
      }
    }
  }

  static void assertError(Answer answer, int status, String code, String parameter) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.response().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode body = answer.json();
    assertThat(body.get("error").asText()).isEqualTo(code);
    if (parameter == null) {
      assertThat(body.get("parameter").isNull()).as(answer.body()).isTrue();
    } else {
      assertThat(body.get("parameter").asText()).as(answer.body()).isEqualTo(parameter);
    }
    assertThat(body.get("message").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  static int activeTasks(ServedProcessor instance) {
    KafkaStreams streams = instance.processor().streams();
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return -1;
    }
    return streams.metadataForLocalThreads().stream()
        .map(ThreadMetadata::activeTasks)
        .mapToInt(java.util.Set::size)
        .sum();
  }
}
