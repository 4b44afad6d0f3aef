package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.breakdown.BreakdownOracle.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowBreakdownTest {

  /**
   * 1,000 bad events: 780 from {@code POST /checkout} in eu-west-1 answering 503, 120 from {@code
   * GET /cart} in eu-west-1 answering 500, 60 checkout timeouts in us-east-1, 40 cancelled non-HTTP
   * cart requests that name no region, zone or instance. One event in ten is traced, with the trace
   * id {@code 0...0<event number in hex>}.
   */
  static List<Event> incident() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String traceId = i % 10 == 0 ? String.format("%032x", i) : null;
      if (i < 780) {
        events.add(
            new Event(
                "POST /checkout",
                "eu-west-1",
                i % 2 == 0 ? "eu-west-1a" : "eu-west-1b",
                "checkout-" + i % 10,
                503,
                Outcome.ERROR,
                traceId));
      } else if (i < 900) {
        events.add(
            new Event(
                "GET /cart",
                "eu-west-1",
                "eu-west-1c",
                "cart-" + i % 3,
                500,
                Outcome.ERROR,
                traceId));
      } else if (i < 960) {
        events.add(
            new Event(
                "POST /checkout",
                "us-east-1",
                "us-east-1a",
                "checkout-us-" + i % 4,
                503,
                Outcome.TIMEOUT,
                traceId));
      } else {
        events.add(new Event("GET /cart", null, null, null, null, Outcome.CANCELLED, traceId));
      }
    }
    return events;
  }

  /** The incident over five minutes, each minute a fifth of every kind of event. */
  private static List<MinuteBreakdown> incidentMinutes() {
    List<List<Event>> byMinute =
        List.of(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>());
    List<Event> events = incident();
    for (int i = 0; i < events.size(); i++) {
      byMinute.get(i % 5).add(events.get(i));
    }
    return byMinute.stream().map(minute -> BreakdownOracle.aggregate(minute, 64, 3)).toList();
  }

  @Test
  void shouldNameTheOperationRegionAndStatusThatBurnMostOfTheBudget() {
    WindowBreakdown window = WindowBreakdown.of(incidentMinutes());

    assertThat(window.totalBad()).isEqualTo(1_000);
    assertThat(window.topContributor())
        .contains(
            new ContributorShare(
                new Contributor("POST /checkout", "eu-west-1", "503"),
                780,
                0.78,
                List.of(
                    "00000000000000000000000000000000",
                    "0000000000000000000000000000000a",
                    "00000000000000000000000000000014")));
  }

  @Test
  void shouldRankValuesByBadEventsWithTheirShareOfTheWindow() {
    WindowBreakdown window = WindowBreakdown.of(incidentMinutes());

    DimensionTop operations = window.top(BreakdownDimension.OPERATION, 5);
    assertThat(operations.values())
        .extracting(ValueShare::value, ValueShare::count, ValueShare::share)
        .containsExactly(tuple("POST /checkout", 840L, 0.84), tuple("GET /cart", 160L, 0.16));
    assertThat(operations.folded()).isZero();
    assertThat(window.top(BreakdownDimension.REGION, 2).values())
        .extracting(ValueShare::value, ValueShare::count)
        .containsExactly(tuple("eu-west-1", 900L), tuple("us-east-1", 60L));
    assertThat(window.top(BreakdownDimension.STATUS, 3).values())
        .extracting(ValueShare::value, ValueShare::count)
        .containsExactly(tuple("503", 840L), tuple("500", 120L), tuple("none", 40L));
    assertThat(window.top(BreakdownDimension.ZONE, 10).values())
        .extracting(ValueShare::value)
        .containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c", "us-east-1a", "unknown");
  }

  @Test
  void shouldBreakTiesInCountByValue() {
    MinuteBreakdown minute = new MinuteBreakdown();
    for (String instance : List.of("pod-c", "pod-a", "pod-b", "pod-a")) {
      minute.offerBad("GET /", "r", "z", instance, 500, Outcome.ERROR, null);
    }

    assertThat(WindowBreakdown.of(List.of(minute)).top(BreakdownDimension.INSTANCE, 3).values())
        .extracting(ValueShare::value)
        .containsExactly("pod-a", "pod-b", "pod-c");
  }

  @Test
  void shouldCountButNotNameTheEventsOfValuesBeyondTheLimit() {
    MinuteBreakdown minute = new MinuteBreakdown(16, 3);
    for (int i = 0; i < 200; i++) {
      minute.offerBad("GET /", "r", "z", "pod-" + i, 500, Outcome.ERROR, null);
    }

    DimensionTop instances =
        WindowBreakdown.of(List.of(minute)).top(BreakdownDimension.INSTANCE, 100);

    // 200 instances with one bad event each: 16 are kept, the other 184 events are not attributed.
    assertThat(instances.values())
        .hasSize(16)
        .allSatisfy(value -> assertThat(value.count()).isOne());
    assertThat(instances.folded()).isEqualTo(184);
    assertThat(instances.totalBad()).isEqualTo(200);
  }

  @Test
  void shouldAnswerNothingForAWindowWithoutBadEvents() {
    for (WindowBreakdown window :
        List.of(
            WindowBreakdown.of(List.of()), WindowBreakdown.of(List.of(new MinuteBreakdown())))) {
      assertThat(window.totalBad()).isZero();
      assertThat(window.topContributor()).isEmpty();
      assertThat(window.top(10))
          .hasSize(BreakdownDimension.values().length)
          .allSatisfy(
              top -> {
                assertThat(top.values()).isEmpty();
                assertThat(top.folded()).isZero();
              });
    }
  }

  @Test
  void shouldLeaveTheMinutesAsTheyWere() {
    List<MinuteBreakdown> minutes = incidentMinutes();
    List<byte[]> before = minutes.stream().map(BreakdownCodec::encode).toList();

    WindowBreakdown.of(minutes);

    assertThat(minutes.stream().map(BreakdownCodec::encode).toList())
        .usingElementComparator(Arrays::compare)
        .isEqualTo(before);
  }

  @Test
  void shouldRejectANegativeNumberOfValues() {
    WindowBreakdown window = WindowBreakdown.of(List.of());

    assertThatThrownBy(() -> window.top(BreakdownDimension.OPERATION, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
