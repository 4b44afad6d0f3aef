package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSelectorTest {

  @ParameterizedTest
  @CsvSource({
    "GET /cart*, GET /cart, true",
    "GET /cart*, GET /cart/{id}, true",
    "GET /cart*, POST /cart, false",
    "*, '', true",
    "GET *, GET /a/b/c, true",
    "*/items, GET /cart/items, true",
    "*/items, GET /cart/items/1, false",
    "GET /?, GET /a, true",
    "GET /?, GET /ab, false",
    "*a*b*, xxaxxbxx, true",
    "*a*b*, xxbxxaxx, false",
    "get *, GET /cart, false",
    "'', '', true",
    "'', x, false"
  })
  void shouldMatchGlobsAgainstTheWholeOperation(String pattern, String text, boolean matches) {
    assertThat(EventSelector.globMatches(pattern, text)).isEqualTo(matches);
  }

  @Test
  void shouldMatchEveryEventWhenEmpty() {
    assertThat(EventSelector.any().isAny()).isTrue();
    assertThat(EventSelector.any().matches(null, null, null, null)).isTrue();
  }

  @Test
  void shouldMatchStatusClassesAndExactCodes() {
    EventSelector selector = new EventSelector(List.of(), Set.of(), Set.of("5xx", "429"), Set.of());

    assertThat(selector.matches("GET /", Outcome.ERROR, 503, null)).isTrue();
    assertThat(selector.matches("GET /", Outcome.ERROR, 429, null)).isTrue();
    assertThat(selector.matches("GET /", Outcome.ERROR, 404, null)).isFalse();
    assertThat(selector.matches("GET /", Outcome.ERROR, null, null)).isFalse();
    assertThat(selector.matches("GET /", Outcome.ERROR, 999, null)).isFalse();
  }

  @Test
  void shouldReadAMissingOutcomeAsUnknownAndAMissingRegionAsNoMatch() {
    EventSelector unknown = new EventSelector(List.of(), Set.of("UNKNOWN"), Set.of(), Set.of());
    EventSelector inEurope = new EventSelector(List.of(), Set.of(), Set.of(), Set.of("eu-west-1"));

    assertThat(unknown.matches("op", null, null, null)).isTrue();
    assertThat(inEurope.matches("op", Outcome.SUCCESS, 200, null)).isFalse();
    assertThat(inEurope.matches("op", Outcome.SUCCESS, 200, "eu-west-1")).isTrue();
  }

  @Test
  void shouldRequireEveryCriterionOfARequestEvent() {
    EventSelector selector =
        new EventSelector(
            List.of("POST /checkout*"), Set.of("SUCCESS"), Set.of("2xx"), Set.of("eu-west-1"));
    RequestEvent event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("POST /checkout/confirm")
            .setTimestamp(java.time.Instant.ofEpochMilli(0))
            .setLatencyMicros(1_000)
            .setStatusCode(201)
            .setOutcome(Outcome.SUCCESS)
            .setRegion("eu-west-1")
            .setAttributes(Map.of())
            .build();

    assertThat(selector.matches(event)).isTrue();
    event.setRegion("us-east-1");
    assertThat(selector.matches(event)).isFalse();
  }
}
