package io.slipstream.alertmanager.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.alertmanager.SloAlerts;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlertMapperTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:30Z");
  private final AlertMapper mapper =
      new AlertMapper(Duration.ofMinutes(4), "http://slipstream:8080/slos/{slo}");

  @Test
  void shouldMapFiringPageToActiveAlertEndingOneTtlFromNow() {
    String json = AlertJson.write(List.of(mapper.map(SloAlerts.firingPage().build(), NOW)));

    assertThat(json)
        .isEqualTo(
            compact(
                """
                [{
                  "labels":{
                    "alertname":"SloErrorBudgetBurn",
                    "app_kubernetes_io_name":"checkout",
                    "service":"checkout",
                    "severity":"page",
                    "slo":"checkout-availability",
                    "team":"payments"
                  },
                  "annotations":{
                    "burn_rates":"1h=15.20 5m=16.00 > 14.4; 6h=7.25 30m=n/a > 6",
                    "description":"Checkout availability of checkout: 37.50% of the error budget left, \
                exhausted in 2h30m at the current burn rate.",
                    "error_budget_remaining":"37.50%",
                    "exemplar_trace_ids":"4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7",
                    "runbook_url":"https://runbooks.example.com/checkout",
                    "summary":"Checkout is failing",
                    "time_to_exhaustion":"2h30m"
                  },
                  "startsAt":"2024-05-01T12:00:00.000Z",
                  "endsAt":"2024-05-01T12:04:30.000Z",
                  "generatorURL":"http://slipstream:8080/slos/checkout-availability"
                }]
                """));
  }

  @Test
  void shouldMapResolvedPageToSameLabelsEndingAtTheTransition() {
    SloAlert firing = SloAlerts.firingPage().build();
    SloAlert resolved = SloAlerts.resolvedPage().build();

    AlertmanagerAlert alert = mapper.map(resolved, NOW.plus(Duration.ofHours(1)));

    assertThat(alert.labels()).isEqualTo(mapper.map(firing, NOW).labels());
    assertThat(AlertJson.write(List.of(alert)))
        .isEqualTo(
            compact(
                """
                [{
                  "labels":{
                    "alertname":"SloErrorBudgetBurn",
                    "app_kubernetes_io_name":"checkout",
                    "service":"checkout",
                    "severity":"page",
                    "slo":"checkout-availability",
                    "team":"payments"
                  },
                  "annotations":{
                    "burn_rates":"1h=15.20 5m=16.00 > 14.4; 6h=7.25 30m=n/a > 6",
                    "description":"Checkout availability of checkout: 30.00% of the error budget left.",
                    "error_budget_remaining":"30.00%",
                    "exemplar_trace_ids":"4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7",
                    "runbook_url":"https://runbooks.example.com/checkout",
                    "summary":"Error budget burn of SLO Checkout availability (checkout) is back to normal"
                  },
                  "startsAt":"2024-05-01T12:30:00.000Z",
                  "endsAt":"2024-05-01T12:30:00.000Z",
                  "generatorURL":"http://slipstream:8080/slos/checkout-availability"
                }]
                """));
  }

  @Test
  void shouldNameNoDataAlertsSloNoData() {
    SloAlert noData =
        SloAlerts.firingPage()
            .setSeverity(Severity.NO_DATA)
            .setPairs(List.of())
            .setExemplarTraceIds(List.of())
            .setTimeToExhaustionMillis(null)
            .setAnnotations(Map.of())
            .setRunbookUrl(null)
            .build();

    AlertmanagerAlert alert = mapper.map(noData, NOW);

    assertThat(alert.labels())
        .containsEntry("alertname", "SloNoData")
        .containsEntry("severity", "no_data");
    assertThat(alert.annotations())
        .containsEntry("summary", "No events for SLO Checkout availability (checkout)")
        .doesNotContainKeys(
            "burn_rates", "exemplar_trace_ids", "runbook_url", "time_to_exhaustion");
  }

  @Test
  void shouldLetIdentifyingLabelsWinOverRecordLabelsOfTheSameName() {
    SloAlert alert =
        SloAlerts.firingPage()
            .setLabels(Map.of("severity", "critical", "alertname", "Other", "slo", "x", "env", ""))
            .build();

    assertThat(mapper.map(alert, NOW).labels())
        .containsEntry("severity", "page")
        .containsEntry("alertname", "SloErrorBudgetBurn")
        .containsEntry("slo", "checkout-availability")
        .doesNotContainKey("env");
  }

  @Test
  void shouldKeepRecordAnnotationsOverDerivedOnes() {
    SloAlert alert =
        SloAlerts.firingPage()
            .setAnnotations(Map.of("runbook_url", "https://wiki/own", "description", "Own words"))
            .build();

    assertThat(mapper.map(alert, NOW).annotations())
        .containsEntry("runbook_url", "https://wiki/own")
        .containsEntry("description", "Own words")
        .containsEntry(
            "summary", "Error budget of SLO Checkout availability (checkout) is burning fast");
  }

  @Test
  void shouldEndFiringAlertOneTtlAfterAFutureTransition() {
    Instant future = NOW.plus(Duration.ofMinutes(10));
    SloAlert alert = SloAlerts.firingPage().setTransitionAt(future).build();

    AlertmanagerAlert mapped = mapper.map(alert, NOW);

    assertThat(mapped.startsAt()).isEqualTo(future);
    assertThat(mapped.endsAt()).isEqualTo(future.plus(Duration.ofMinutes(4)));
  }

  @Test
  void shouldLeaveGeneratorUrlOutWithoutTemplate() {
    AlertMapper plain = new AlertMapper(Duration.ofMinutes(4), null);

    String json = AlertJson.write(List.of(plain.map(SloAlerts.firingPage().build(), NOW)));

    assertThat(json).doesNotContain("generatorURL");
  }

  @Test
  void shouldEncodeSloIdInGeneratorUrl() {
    SloAlert alert = SloAlerts.firingPage().setSloId("a b/c").build();

    assertThat(mapper.map(alert, NOW).generatorUrl())
        .isEqualTo("http://slipstream:8080/slos/a%20b%2Fc");
  }

  @Test
  void shouldMakeEachInstanceOfAGroupedSloItsOwnAlertNamingItsGroup() {
    AlertmanagerAlert acme = mapper.map(SloAlerts.firingCustomerPage("acme").build(), NOW);
    AlertmanagerAlert globex = mapper.map(SloAlerts.firingCustomerPage("globex").build(), NOW);

    assertThat(acme.sameAlertAs(globex)).isFalse();
    assertThat(acme.labels())
        .containsEntry("slo", "checkout-availability-by-customer")
        .containsEntry("customer", "acme")
        .containsEntry("slo_group", "customer=\"acme\"")
        .containsEntry("severity", "page");
    // The processor's summary names the instance id; its description only the SLO.
    assertThat(acme.annotations())
        .containsEntry(
            "summary",
            "Error budget of checkout-availability-by-customer{customer=\"acme\"} (checkout) is"
                + " burning fast")
        .containsEntry(
            "description",
            "Checkout availability per customer: target 99.9000%, 37.5% of the error budget"
                + " left. [customer=\"acme\"]");
    assertThat(
            new AlertMapper(
                    Duration.ofMinutes(4), "http://s:8080/dashboard/#slo={slo}&group={group}")
                .map(SloAlerts.firingCustomerPage("acme").build(), NOW)
                .generatorUrl())
        .isEqualTo(
            "http://s:8080/dashboard/#slo=checkout-availability-by-customer"
                + "&group=customer%3D%22acme%22");
  }

  @Test
  void shouldTakeTheGroupFromTheRecordsGroupWhateverItsLabelsSay() {
    SloAlert alert =
        SloAlerts.firingCustomerPage("acme")
            .setGroup(Map.of("customer", "acme", "service", "web", "region", ""))
            .setGroupKey("customer=\"acme\",region=\"\",service=\"web\"")
            .setLabels(Map.of("team", "checkout", "customer", "someone-else"))
            .setAnnotations(Map.of())
            .build();

    AlertmanagerAlert mapped = mapper.map(alert, NOW);

    assertThat(mapped.labels())
        .containsEntry("customer", "acme")
        .containsEntry("group_service", "web")
        .containsEntry("service", "checkout")
        .containsEntry("slo_group", "customer=\"acme\",region=\"\",service=\"web\"")
        .doesNotContainKey("region");
    assertThat(mapped.annotations().get("summary"))
        .isEqualTo(
            "Error budget of SLO Checkout availability per customer for"
                + " customer=\"acme\",region=\"\",service=\"web\" (checkout) is burning fast");
    assertThat(mapped.annotations().get("description"))
        .startsWith(
            "Checkout availability per customer for customer=\"acme\",region=\"\",service=\"web\""
                + " of checkout: ");
  }

  @Test
  void shouldLeaveGroupOutOfAnSloWithoutGrouping() {
    AlertmanagerAlert alert = mapper.map(SloAlerts.firingPage().build(), NOW);

    assertThat(alert.labels()).doesNotContainKey("slo_group");
    assertThat(
            new AlertMapper(Duration.ofMinutes(4), "http://s/#slo={slo}&group={group}")
                .map(SloAlerts.firingPage().build(), NOW)
                .generatorUrl())
        .isEqualTo("http://s/#slo=checkout-availability&group=");
  }

  @Test
  void shouldRefuseAlertsInUnknownState() {
    SloAlert alert = SloAlerts.firingPage().setState(AlertState.UNKNOWN).build();

    assertThatThrownBy(() -> mapper.map(alert, NOW))
        .isInstanceOf(UnmappableAlertException.class)
        .hasMessageContaining("UNKNOWN");
  }

  @Test
  void shouldMakeKeysValidLabelNames() {
    assertThat(LabelNames.sanitize("app.kubernetes.io/name")).isEqualTo("app_kubernetes_io_name");
    assertThat(LabelNames.sanitize("9lives")).isEqualTo("_9lives");
    assertThat(LabelNames.sanitize("ok_Name1")).isEqualTo("ok_Name1");
  }

  @Test
  void shouldFormatDurationsWithTheTwoLargestUnits() {
    assertThat(AlertMapper.duration(Duration.ofDays(2).plusHours(3).plusMinutes(5)))
        .isEqualTo("2d3h");
    assertThat(AlertMapper.duration(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(AlertMapper.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(AlertMapper.duration(Duration.ZERO)).isEqualTo("0s");
  }

  /** The text block without its line breaks and indentation (no JSON string here holds either). */
  private static String compact(String json) {
    return json.lines().map(String::strip).collect(Collectors.joining());
  }
}
