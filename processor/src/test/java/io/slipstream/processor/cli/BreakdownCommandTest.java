package io.slipstream.processor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code query breakdown} against a stub API with a fixed answer: what it asks and prints. */
class BreakdownCommandTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ANSWER =
      "{\"sloId\":\"by-customer\",\"groupKey\":\"customer=\\\"initech\\\"\","
          + "\"from\":1796622000000,\"to\":1796625600000,\"badEvents\":200,"
          + "\"topContributor\":{\"contributor\":{\"operation\":\"POST /checkout\","
          + "\"region\":\"eu-west-1\",\"status\":\"503\"},\"count\":156,\"share\":0.78,"
          + "\"exemplars\":[\""
          + TRACE
          + "\",\"5bf9\"]},"
          + "\"dimensions\":[{\"dimension\":\"CONTRIBUTOR\",\"totalBad\":200,\"folded\":4,"
          + "\"values\":[{\"value\":\"POST /checkout|eu-west-1|503\",\"count\":156,\"share\":0.78,"
          + "\"exemplars\":[\""
          + TRACE
          + "\"]},{\"value\":\"GET /a\\\\|b|unknown|none\",\"count\":40,\"share\":0.2,"
          + "\"exemplars\":[]}]},"
          + "{\"dimension\":\"REGION\",\"totalBad\":200,\"folded\":0,"
          + "\"values\":[{\"value\":\"eu-west-1\",\"count\":156,\"share\":0.78,\"exemplars\":[\""
          + TRACE
          + "\"]},{\"value\":\"unknown\",\"count\":44,\"share\":0.22,\"exemplars\":[]}]}],"
          + "\"now\":1796625598000,\"nowSource\":\"event-time\"}";
  private static final String EMPTY =
      "{\"sloId\":\"quiet\",\"groupKey\":\"\",\"from\":1796624700000,\"to\":1796625600000,"
          + "\"badEvents\":0,\"topContributor\":null,\"dimensions\":[{\"dimension\":\"REGION\","
          + "\"totalBad\":0,\"folded\":0,\"values\":[]}],\"now\":1796625598000,"
          + "\"nowSource\":\"event-time\"}";

  private final List<String> asked = new ArrayList<>();
  private Javalin api;
  private String url;

  @BeforeEach
  void startStub() {
    api = Javalin.create(config -> config.showJavalinBanner = false);
    api.get(
        "/api/v1/slos/{id}/breakdown",
        ctx -> {
          asked.add(ctx.path() + "?" + ctx.queryString());
          switch (ctx.pathParam("id")) {
            case "by-customer" -> ctx.contentType("application/json").result(ANSWER);
            case "quiet" -> ctx.contentType("application/json").result(EMPTY);
            default ->
                ctx.status(400)
                    .contentType("application/json")
                    .result(
                        "{\"error\":\"bad_parameter\",\"parameter\":\"top\","
                            + "\"message\":\"top must be a whole number from 1 to 64\"}");
          }
        });
    api.start("127.0.0.1", 0);
    url = "http://127.0.0.1:" + api.port();
  }

  @AfterEach
  void stopStub() {
    api.stop();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SlipstreamCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldAskForTheGroupWindowAndTopAndPrintTheTopContributorThenATablePerDimension() {
    Run run =
        run(
            "query",
            "breakdown",
            "by-customer",
            "--group",
            "initech",
            "--window",
            "1h",
            "--top",
            "2",
            "--url",
            url);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(asked)
        .containsExactly("/api/v1/slos/by-customer/breakdown?window=1h&group=initech&top=2");
    assertThat(run.out())
        .startsWith(
            "SLO:    by-customer\n"
                + "Group:  customer=\"initech\"\n"
                + "Window: 2026-12-07T05:40:00Z .. 2026-12-07T06:40:00Z\n"
                + "Now:    2026-12-07T06:39:58Z (event-time)\n"
                + "\n"
                + "78 % of the 200 bad requests: POST /checkout in eu-west-1, status 503,"
                + " e.g. trace "
                + TRACE
                + ".\n")
        .endsWith(
            "\n"
                + "CONTRIBUTOR                              BAD EVENTS  SHARE  EXEMPLAR\n"
                + "POST /checkout in eu-west-1, status 503         156  78.0%  "
                + TRACE
                + "\n"
                + "GET /a|b                                         40  20.0%  -\n"
                + "(not attributed)                                  4   2.0%  -\n"
                + "\n"
                + "REGION     BAD EVENTS  SHARE  EXEMPLAR\n"
                + "eu-west-1         156  78.0%  "
                + TRACE
                + "\n"
                + "unknown            44  22.0%  -\n");
  }

  @Test
  void shouldSaySoWhenTheWindowHasNoBadEvents() {
    Run run = run("query", "breakdown", "quiet", "--from", "2026-12-07T06:25:00Z", "--url", url);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(asked).containsExactly("/api/v1/slos/quiet/breakdown?from=2026-12-07T06%3A25%3A00Z");
    assertThat(run.out()).doesNotContain("Group:").endsWith("\nNo bad events in this window.\n");
  }

  @Test
  void shouldPrintOneRowPerDimensionAndValueAsCsvAndMarkdownAndTheAnswerAsJson() {
    Run csv = run("query", "breakdown", "by-customer", "-o", "csv", "--url", url);
    assertThat(csv.out())
        .isEqualTo(
            "DIMENSION,VALUE,BAD EVENTS,SHARE,EXEMPLAR\r\n"
                + "CONTRIBUTOR,\"POST /checkout in eu-west-1, status 503\",156,78.0%,"
                + TRACE
                + "\r\n"
                + "CONTRIBUTOR,GET /a|b,40,20.0%,-\r\n"
                + "CONTRIBUTOR,(not attributed),4,2.0%,-\r\n"
                + "REGION,eu-west-1,156,78.0%,"
                + TRACE
                + "\r\n"
                + "REGION,unknown,44,22.0%,-\r\n");
    Run markdown = run("query", "breakdown", "by-customer", "-o", "markdown", "--url", url);
    assertThat(markdown.out())
        .startsWith("| DIMENSION | VALUE | BAD EVENTS | SHARE | EXEMPLAR |\n")
        .contains("| CONTRIBUTOR | GET /a\\|b | 40 | 20.0% | - |\n");
    Run json = run("query", "breakdown", "by-customer", "-o", "json", "--url", url);
    assertThat(json.out())
        .contains("\"badEvents\" : 200", "\"value\" : \"GET /a\\\\|b|unknown|none\"");
  }

  @Test
  void shouldEndWithOneAndTheApisReasonWhenRefused() {
    Run run = run("query", "breakdown", "other", "--top", "0", "--url", url);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("400 (top): top must be a whole number from 1 to 64");
  }
}
