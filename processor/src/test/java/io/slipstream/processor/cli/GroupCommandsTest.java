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

/** {@code query groups} and {@code query group} against a stub API: what they ask and print. */
class GroupCommandsTest {
  private static final String ROW =
      "{\"key\":\"customer=\\\"initech\\\"\",\"group\":{\"customer\":\"initech\"},"
          + "\"alertState\":\"PAGE\",\"errorBudgetRemaining\":-499.0,\"sli\":0.5,"
          + "\"periodTotalEvents\":240,\"burnRates\":{\"1h\":500.0,\"5m\":491.23},"
          + "\"evaluatedAt\":1796625490000}";
  private static final String OTHER_ROW =
      "{\"key\":\"other\",\"group\":{},\"alertState\":\"OK\",\"errorBudgetRemaining\":1.0,"
          + "\"sli\":1.0,\"periodTotalEvents\":12,\"burnRates\":{\"1h\":0.0,\"5m\":null},"
          + "\"evaluatedAt\":1796625490000}";

  private final List<String> asked = new ArrayList<>();
  private Javalin api;
  private String url;

  @BeforeEach
  void startStub() {
    api = Javalin.create(config -> config.showJavalinBanner = false);
    api.get(
        "/api/v1/slos/{id}/groups",
        ctx -> {
          asked.add(ctx.path() + "?" + ctx.queryString());
          ctx.contentType("application/json")
              .result(
                  "{\"sloId\":\"by-customer\",\"groupedBy\":[\"customer\"],\"sort\":\"budget\","
                      + "\"state\":null,\"offset\":0,\"limit\":50,\"total\":2,\"instances\":2,"
                      + "\"firingPage\":1,\"firingTicket\":0,\"groups\":["
                      + ROW
                      + ","
                      + OTHER_ROW
                      + "],\"now\":1796625498000,\"nowSource\":\"event-time\"}");
        });
    api.get(
        "/api/v1/slos/{id}/groups/{group}",
        ctx -> {
          asked.add(ctx.path() + "?" + ctx.queryString() + " group=" + ctx.pathParam("group"));
          ctx.contentType("application/json")
              .result(
                  "{\"id\":\"by-customer\",\"name\":\"By customer\",\"service\":\"checkout\","
                      + "\"target\":0.999,\"period\":\"30d\",\"alertState\":\"PAGE\","
                      + "\"alerts\":[{\"severity\":\"PAGE\",\"firing\":true,\"since\":1796625000000}],"
                      + "\"status\":{\"sli\":0.5,\"errorBudgetRemaining\":-499.0,"
                      + "\"periodGoodEvents\":120,\"periodTotalEvents\":240,\"windows\":[]},"
                      + "\"history\":{\"minutes\":[1796625360000,1796625420000],"
                      + "\"burnRates\":{\"5m\":[null,512.5],\"1h\":[480.0,500.0]}},"
                      + "\"groupKey\":\"customer=\\\"initech\\\"\",\"group\":{\"customer\":\"initech\"}}");
        });
    api.get(
        "/api/v1/slos/{id}",
        ctx ->
            ctx.contentType("application/json")
                .result(
                    "{\"id\":\"by-customer\",\"name\":\"By customer\",\"service\":\"checkout\","
                        + "\"target\":0.999,\"period\":\"30d\",\"alertState\":\"PAGE\","
                        + "\"status\":null,\"groupedBy\":[\"customer\"],\"groups\":{"
                        + "\"instances\":2,\"firingPage\":1,\"firingTicket\":0,\"worst\":["
                        + ROW
                        + "]}}"));
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
  void shouldPrintTheInstancesOneColumnPerLabelWithTheCounts() {
    Run run =
        run(
            "query",
            "groups",
            "by-customer",
            "--sort",
            "key",
            "--limit",
            "10",
            "--offset",
            "20",
            "--firing",
            "--url",
            url);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(asked)
        .containsExactly(
            "/api/v1/slos/by-customer/groups?sort=key&limit=10&offset=20&state=firing");
    String[] lines = run.out().split("\n");
    assertThat(lines[0])
        .startsWith("CUSTOMER")
        .contains("ALERT", "BUDGET LEFT", "SLI", "EVENTS", "BURN 1h", "BURN 5m", "EVALUATED AT");
    assertThat(lines[1])
        .startsWith("initech")
        .contains("PAGE", "-49900.0%", "50.000%", "240", "500.00", "491.23");
    assertThat(lines[2]).startsWith("(other)").contains("OK", "100.0%", "12", "0.00", "-");
    assertThat(run.out())
        .endsWith("2 of 2 instances (rows 1-2 shown); 1 paging, 0 with a ticket\n");
  }

  @Test
  void shouldPrintTheInstancesAsCsvAndJson() {
    Run csv = run("query", "groups", "by-customer", "-o", "csv", "--url", url);
    assertThat(csv.out())
        .startsWith("CUSTOMER,ALERT,BUDGET LEFT,SLI,EVENTS,BURN 1h,BURN 5m,EVALUATED AT\r\n")
        .contains("initech,PAGE,-49900.0%");
    Run json = run("query", "groups", "by-customer", "-o", "json", "--url", url);
    assertThat(json.out()).contains("\"firingPage\" : 1", "\"key\" : \"customer=\\\"initech\\\"\"");
  }

  @Test
  void shouldShowOneInstanceWithItsGroupAndPeakBurnRates() {
    Run run =
        run(
            "query",
            "group",
            "by-customer",
            "customer=\"initech\"",
            "--history",
            "2m",
            "--url",
            url);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(asked)
        .containsExactly(
            "/api/v1/slos/by-customer/groups/customer%3D%22initech%22?history=2m"
                + " group=customer=\"initech\"");
    assertThat(run.out())
        .contains("Group:", "customer=\"initech\"", "Alert state:", "PAGE", "240")
        .contains("Peak burn rates over the last 2 minutes:")
        .containsPattern("5m +512.50 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z")
        .containsPattern("1h +500.00 ");
  }

  @Test
  void shouldShowAGroupedSloInBrief() {
    Run run = run("query", "slo", "by-customer", "--url", url);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Grouped by:", "customer", "Instances:", "2; 1 paging, 0 with a ticket")
        .contains("Least budget left (all: slipstream query groups by-customer):")
        .contains("initech");
  }
}
