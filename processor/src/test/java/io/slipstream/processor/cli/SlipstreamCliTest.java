package io.slipstream.processor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI against a stub API: formatting, token, and how refusals and usage errors end. */
class SlipstreamCliTest {
  private Javalin api;
  private String url;

  @BeforeEach
  void startStub() {
    api = Javalin.create(config -> config.showJavalinBanner = false);
    api.get(
        "/api/v1/slos",
        ctx -> {
          if (!"Bearer t0k".equals(ctx.header("Authorization"))) {
            ctx.status(401)
                .contentType("application/json")
                .result(
                    "{\"error\":\"unauthorized\",\"parameter\":null,\"message\":\"a bearer token is required\"}");
            return;
          }
          ctx.contentType("application/json")
              .result(
                  "[{\"id\":\"checkout-availability\",\"service\":\"checkout\",\"target\":0.999,"
                      + "\"alertState\":\"PAGE\",\"status\":{\"sli\":0.9,\"errorBudgetRemaining\":-0.25,"
                      + "\"burnRates\":{\"5m\":100.0,\"1h\":99.5,\"6h\":null},"
                      + "\"timeToExhaustion1hMillis\":5400000}}]");
        });
    api.get(
        "/api/v1/services/{service}/sli",
        ctx ->
            ctx.status(400)
                .contentType("application/json")
                .result(
                    "{\"error\":\"bad_parameter\",\"parameter\":\"window\",\"message\":\"unknown window: '5x'\"}"));
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
  void shouldPrintSlosAsATableWithTheToken() {
    Run run = run("query", "slos", "--url", url, "--token", "t0k");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "SLO",
            "BUDGET LEFT",
            "checkout-availability",
            "99.900%",
            "90.000%",
            "-25.0%",
            "100.00",
            "PAGE",
            "1h 30m");
  }

  @Test
  void shouldPrintTheApisJsonWhenAsked() {
    Run run = run("query", "slos", "--url", url, "--token", "t0k", "--output", "json");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("[ {").contains("\"errorBudgetRemaining\" : -0.25");
  }

  @Test
  void shouldEndWithOneAndTheApisReasonWhenRefused() {
    Run unauthorized = run("query", "slos", "--url", url);
    assertThat(unauthorized.code()).isEqualTo(1);
    assertThat(unauthorized.err()).contains("401: a bearer token is required");

    Run badWindow = run("query", "sli", "--service", "checkout", "--window", "5x", "--url", url);
    assertThat(badWindow.code()).isEqualTo(1);
    assertThat(badWindow.err()).contains("400 (window): unknown window: '5x'");
  }

  @Test
  void shouldEndWithOneWhenTheApiCannotBeReached() {
    api.stop();
    Run run = run("query", "slos", "--url", url);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach " + url);
  }

  @Test
  void shouldEndWithTwoOnUsageErrors() {
    assertThat(run("query", "sli", "--url", url).code()).isEqualTo(2); // --service missing
    assertThat(run("query", "slos", "--output", "yaml").code()).isEqualTo(2);
    assertThat(run("query").code()).isEqualTo(2);
    assertThat(run("query", "slos", "--help").code()).isZero();
  }

  @Test
  void shouldPadColumnsAndRightAlignNumbers() {
    String table = new TextTable("NAME", ">COUNT").row("a", "1").row("longer", "100").render();
    assertThat(table).isEqualTo("NAME    COUNT\na           1\nlonger    100\n");
  }
}
