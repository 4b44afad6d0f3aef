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
}
