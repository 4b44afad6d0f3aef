package io.slipstream.processor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.query.QueryPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CLI against a running processor's API on the real broker. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamCliIT {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SlipstreamCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldAnswerEachQueryFromARunningProcessor(LocalStack stack, TestResources resources)
      throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources);
    try (ServedProcessor processor = pipeline.startInstance(QueryPipeline.TOKEN)) {
      String url = "http://127.0.0.1:" + processor.port();
      await("the processor has counted every event and evaluated both SLOs")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pipeline.complete(processor.port()));

      Run slos = run("query", "slos", "--url", url, "--token", QueryPipeline.TOKEN);
      System.out.println(slos.out());
      String[] lines = slos.out().split("\n");
      assertThat(lines).hasSize(3);
      assertThat(lines[0]).startsWith("SLO").contains("BUDGET LEFT", "ALERT");
      assertThat(lines[1]).startsWith("checkout-availability").contains("PAGE");
      assertThat(lines[2]).startsWith(pipeline.other() + "-availability").contains("100.0%", "OK");

      Run slo =
          run(
              "query",
              "slo",
              "checkout-availability",
              "--url",
              url,
              "--token",
              QueryPipeline.TOKEN);
      System.out.println(slo.out());
      assertThat(slo.code()).isZero();
      assertThat(slo.out())
          .contains("Alert state:", "PAGE", "WINDOW", "5m", "3d", "SEVERITY", "yes");

      Run sli =
          run(
              "query",
              "sli",
              "--service",
              "checkout",
              "--window",
              "1h",
              "--url",
              url,
              "--token",
              QueryPipeline.TOKEN);
      System.out.println(sli.out());
      assertThat(sli.code()).isZero();
      assertThat(sli.out())
          .contains(
              "Requests:",
              pipeline.eventsPerService() + " (",
              "Errors:",
              "10.00%",
              "Latency p99.9:",
              "Saturation:",
              "80.0%");

      Run json =
          run(
              "query",
              "sli",
              "--service",
              "checkout",
              "--operation",
              "GET /items",
              "--window",
              "1h",
              "--output",
              "json",
              "--url",
              url,
              "--token",
              QueryPipeline.TOKEN);
      assertThat(json.code()).isZero();
      assertThat(json.out())
          .contains(
              "\"operation\" : \"GET /items\"",
              "\"requestCount\" : " + pipeline.eventsPerService());

      Run unknown = run("query", "slo", "nope", "--url", url, "--token", QueryPipeline.TOKEN);
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("404 (id): no SLO with id 'nope'");
    }
  }

  @Test
  void shouldListAndShowTheInstancesOfAGroupedSlo(LocalStack stack, TestResources resources)
      throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources, true);
    try (ServedProcessor processor = pipeline.startInstance(QueryPipeline.TOKEN)) {
      String url = "http://127.0.0.1:" + processor.port();
      String token = QueryPipeline.TOKEN;
      String slo = "checkout-availability-by-customer";
      await("the processor has evaluated every SLO and every customer's instance")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pipeline.complete(processor.port()));

      Run groups = run("query", "groups", slo, "--url", url, "--token", token);
      System.out.println(groups.out());
      assertThat(groups.code()).as(groups.err()).isZero();
      String[] lines = groups.out().split("\n");
      assertThat(lines[0]).startsWith("CUSTOMER").contains("BUDGET LEFT", "BURN 1h", "BURN 5m");
      assertThat(lines[1]).startsWith("initech").contains("PAGE", "240");
      assertThat(lines[2]).startsWith("acme").contains("OK", "100.0%");
      assertThat(groups.out()).contains("5 of 5 instances (rows 1-5 shown); 1 paging");

      Run paged =
          run(
              "query",
              "groups",
              slo,
              "--sort",
              "key",
              "--limit",
              "2",
              "--offset",
              "1",
              "--url",
              url,
              "--token",
              token);
      assertThat(paged.out().split("\n")[1]).startsWith("globex");
      assertThat(paged.out().split("\n")[2]).startsWith("hooli");
      Run firing =
          run("query", "groups", slo, "--firing", "-o", "json", "--url", url, "--token", token);
      assertThat(firing.out()).contains("\"total\" : 1", "\"state\" : \"firing\"");

      Run group =
          run("query", "group", slo, "initech", "--history", "30m", "--url", url, "--token", token);
      System.out.println(group.out());
      assertThat(group.code()).as(group.err()).isZero();
      assertThat(group.out())
          .contains("Group:", "customer=\"initech\"", "PAGE", "120 good of 240")
          .contains("Peak burn rates over the last 30 minutes:");
      Run byKey = run("query", "group", slo, "customer=\"acme\"", "--url", url, "--token", token);
      assertThat(byKey.out()).contains("customer=\"acme\"", "Alert state:", "OK");

      Run brief = run("query", "slo", slo, "--url", url, "--token", token);
      System.out.println(brief.out());
      assertThat(brief.out()).contains("Grouped by:", "5; 1 paging", "initech");
      Run slos = run("query", "slos", "--url", url, "--token", token);
      assertThat(slos.out()).contains(slo + " *", slo + ": 5 instances, 1 paging");

      // Every failing request is initech's GET /items answered 503, traced, with no region.
      Run breakdown =
          run("query", "breakdown", slo, "--group", "initech", "--url", url, "--token", token);
      System.out.println(breakdown.out());
      assertThat(breakdown.code()).as(breakdown.err()).isZero();
      assertThat(breakdown.out())
          .contains("Group:  customer=\"initech\"")
          .containsPattern(
              "100 % of the \\d+ bad requests: GET /items, status 503, e\\.g\\. trace [0-9a-f]{32}\\.")
          .containsPattern("\nOPERATION +BAD EVENTS +SHARE +EXEMPLAR\nGET /items +\\d+ +100\\.0% ")
          .containsPattern("\nSTATUS +BAD EVENTS +SHARE +EXEMPLAR\n503 +\\d+ +100\\.0% ")
          .contains("\nOUTCOME ", "\nERROR ");
      Run quiet = run("query", "breakdown", slo, "--group", "acme", "--url", url, "--token", token);
      assertThat(quiet.out()).endsWith("No bad events in this window.\n");
      Run csv =
          run(
              "query",
              "breakdown",
              "checkout-availability",
              "--window",
              "30m",
              "-o",
              "csv",
              "--url",
              url,
              "--token",
              token);
      assertThat(csv.out())
          .startsWith("DIMENSION,VALUE,BAD EVENTS,SHARE,EXEMPLAR\r\n")
          .containsPattern("\r\nREGION,unknown,\\d+,100\\.0%,[0-9a-f]{32}\r\n");
      Run notGrouped =
          run(
              "query",
              "breakdown",
              "checkout-availability",
              "--group",
              "acme",
              "--url",
              url,
              "--token",
              token);
      assertThat(notGrouped.code()).isEqualTo(1);
      assertThat(notGrouped.err()).contains("400 (group):", "is not grouped");

      Run missing = run("query", "group", slo, "nobody", "--url", url, "--token", token);
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).contains("404 (group): SLO '" + slo + "' has no instance");
      Run ungrouped =
          run("query", "groups", "checkout-availability", "--url", url, "--token", token);
      assertThat(ungrouped.code()).isEqualTo(1);
      assertThat(ungrouped.err()).contains("400 (id):", "is not grouped");
      Run badLimit = run("query", "groups", slo, "--limit", "0", "--url", url, "--token", token);
      assertThat(badLimit.err()).contains("400 (limit): limit must be from 1 to 1000, was 0");
    }
  }
}
