package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.SlaFleet;
import io.slipstream.avro.SlaGroupResult;
import io.slipstream.avro.SlaPeriodReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * An SLA on an SLO grouped by customer, through the production topology: when November closes, one
 * report per customer (keyed by the SLA and the group) and then the fleet summary, each as computed
 * by hand.
 *
 * <p>Four customers, each with one request every 15 minutes (2,880 in the month). acme has an
 * outage on 20 Nov 14:00:00–14:14:50, a failing request every 10 s: 89 more requests, 90 bad, SLI
 * 2,879 / 2,969 = 96.97 %, below 99: 25 % credit. globex has one failing request every three days
 * (10 bad): 2,870 / 2,880 = 99.65 %, below 99.9: 10 % credit. initech and umbrella have none.
 */
class GroupedSlaReportTest {
  private static final long MINUTE = 60_000;
  private static final long NOV_1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long DEC_1 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  private static final long OUTAGE_FROM = Instant.parse("2026-11-20T14:00:00Z").toEpochMilli();
  private static final long OUTAGE_TO = Instant.parse("2026-11-20T14:15:00Z").toEpochMilli();
  private static final List<String> CUSTOMERS = List.of("acme", "globex", "initech", "umbrella");

  private static final String SLO =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: shop-by-customer
      spec:
        service: shop
        budgetingMethod: Occurrences
        timeWindow:
          - duration: 1M
            isRolling: false
            calendar:
              startTime: 2024-01-01 00:00:00
              timeZone: UTC
        grouping:
          by: [attributes.customer]
        indicator:
          metadata:
            name: shop-errors
          spec:
            ratioMetric:
              counter: true
              bad:
                metricSource:
                  type: slipstream
                  spec:
                    errors: true
              total:
                metricSource:
                  type: slipstream
                  spec: {}
        objectives:
          - target: 0.999
      """;

  private static final String SLA =
      """
      apiVersion: slipstream.io/v1
      kind: SLA
      metadata:
        name: shop-customer-monthly
      spec:
        slo: shop-by-customer
        period: month
        timeZone: UTC
        credits:
          - {below: 99.9, credit: 10}
          - {below: 99, credit: 25}
          - {below: 95, credit: 100}
      """;

  @Test
  void shouldReportEveryCustomerAndTheFleetWhenTheMonthCloses() {
    try (TopologyFixture fixture =
        TopologyFixture.replaying(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            Instant.ofEpochMilli(NOV_1),
            Duration.ofDays(30))) {
      fixture.sloDefinitions.pipeInput("shop-by-customer", SLO);
      fixture.slaDefinitions.pipeInput("shop-customer-monthly", SLA);
      TreeMap<Long, List<String[]>> requests = new TreeMap<>();
      for (long t = NOV_1; t < DEC_1; t += 15 * MINUTE) {
        boolean globexFails = (t - NOV_1) % (3 * 24 * 60 * MINUTE) == 0;
        for (String customer : CUSTOMERS) {
          boolean bad = customer.equals("globex") && globexFails;
          add(requests, t, customer, bad || (customer.equals("acme") && t == OUTAGE_FROM));
        }
      }
      for (long t = OUTAGE_FROM + 10_000; t < OUTAGE_TO; t += 10_000) {
        add(requests, t, "acme", true);
      }
      requests.forEach(
          (time, atTime) -> {
            for (String[] request : atTime) {
              fixture.send(event(time, request[0], request[1] != null));
            }
            fixture.sloBurnRates.readValuesToList();
            fixture.sloAlerts.readValuesToList();
          });
      assertThat(fixture.slaReports.isEmpty()).as("no report before the month closes").isTrue();
      fixture.send(event(DEC_1 + 10 * MINUTE, "acme", false));

      List<KeyValue<String, SlaPeriodReport>> published = fixture.slaReports.readKeyValuesToList();
      assertThat(published).hasSize(CUSTOMERS.size() + 1);
      Map<String, SlaPeriodReport> byKey = new LinkedHashMap<>();
      published.forEach(record -> byKey.put(record.key, record.value));
      assertThat(byKey.keySet())
          .containsExactlyInAnyOrder(
              "shop-customer-monthly{customer=\"acme\"}",
              "shop-customer-monthly{customer=\"globex\"}",
              "shop-customer-monthly{customer=\"initech\"}",
              "shop-customer-monthly{customer=\"umbrella\"}",
              "shop-customer-monthly");
      assertThat(published.get(published.size() - 1).key)
          .as("the summary comes after its groups")
          .isEqualTo("shop-customer-monthly");

      SlaPeriodReport acme = byKey.get("shop-customer-monthly{customer=\"acme\"}");
      assertThat(acme.getSloId()).isEqualTo("shop-by-customer");
      assertThat(acme.getGroupKey()).isEqualTo("customer=\"acme\"");
      assertThat(acme.getGroup()).containsExactly(Map.entry("customer", "acme"));
      assertThat(acme.getPeriod()).isEqualTo("2026-11");
      assertThat(acme.getTotalEvents()).isEqualTo(2_969);
      assertThat(acme.getBadEvents()).isEqualTo(90);
      assertThat(acme.getAchievedSli()).isCloseTo(2_879.0 / 2_969, within(1e-12));
      assertThat(acme.getCreditPercent()).isEqualTo(25.0);
      assertThat(acme.getFleet()).isNull();
      SlaPeriodReport globex = byKey.get("shop-customer-monthly{customer=\"globex\"}");
      assertThat(globex.getTotalEvents()).isEqualTo(2_880);
      assertThat(globex.getBadEvents()).isEqualTo(10);
      assertThat(globex.getCreditPercent()).isEqualTo(10.0);
      for (String calm : List.of("initech", "umbrella")) {
        SlaPeriodReport report = byKey.get("shop-customer-monthly{customer=\"" + calm + "\"}");
        assertThat(report.getTotalEvents()).isEqualTo(2_880);
        assertThat(report.getMet()).isTrue();
        assertThat(report.getCreditPercent()).isZero();
      }

      SlaPeriodReport summary = byKey.get("shop-customer-monthly");
      assertThat(summary.getGroupKey()).isEmpty();
      assertThat(summary.getTotalEvents()).isEqualTo(2_969 + 3 * 2_880);
      assertThat(summary.getBadEvents()).isEqualTo(100);
      assertThat(summary.getMet()).isFalse();
      SlaFleet fleet = summary.getFleet();
      assertThat(fleet.getGroups()).isEqualTo(4);
      assertThat(fleet.getGroupsMet()).isEqualTo(2);
      assertThat(fleet.getGroupsOwedCredit()).isEqualTo(2);
      assertThat(fleet.getCreditPercentTotal()).isEqualTo(35.0);
      assertThat(fleet.getCreditTiers())
          .containsExactly(Map.entry("25.0", 1L), Map.entry("10.0", 1L));
      assertThat(fleet.getWorstGroups())
          .extracting(SlaGroupResult::getGroupKey)
          .containsExactly(
              "customer=\"acme\"",
              "customer=\"globex\"",
              "customer=\"initech\"",
              "customer=\"umbrella\"");
    }
  }

  private static void add(
      TreeMap<Long, List<String[]>> requests, long time, String customer, boolean bad) {
    requests
        .computeIfAbsent(time, t -> new java.util.ArrayList<>())
        .add(new String[] {customer, bad ? "bad" : null});
  }

  private static RequestEvent event(long time, String customer, boolean bad) {
    RequestEvent event = TopologyFixture.event("shop", "GET /cart", time, 5_000, bad ? 503 : 200);
    event.setAttributes(Map.of("customer", customer));
    return event;
  }
}
