package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.aggregation.ErrorClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestEventGeneratorTest {
  private static final Instant LAST = Instant.parse("2025-01-01T12:00:00Z");
  private static final Duration SPAN = Duration.ofMinutes(10);
  private static final Duration DISORDER = Duration.ofSeconds(2);

  private static List<RequestEvent> generate(long seed, int count) {
    RequestEventGenerator generator =
        new RequestEventGenerator(seed, count, LAST, SPAN, DISORDER, 0.10);
    List<RequestEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(generator.next());
    }
    return events;
  }

  @Test
  void shouldGenerateTheSameEventsForTheSameSeed() {
    assertThat(generate(3, 1_000)).isEqualTo(generate(3, 1_000));
    assertThat(generate(3, 1_000)).isNotEqualTo(generate(4, 1_000));
  }

  @Test
  void shouldSpreadOneHundredServicesWithTenOperationsAndAboutOnePercentErrors() {
    List<RequestEvent> events = generate(42, 100_000);
    Set<String> services = new HashSet<>();
    Set<String> operations = new HashSet<>();
    long errors = 0;
    long traced = 0;
    for (RequestEvent event : events) {
      services.add(event.getService().toString());
      operations.add(event.getOperation().toString());
      if (ErrorClassifier.defaults().isError(event)) {
        errors++;
      }
      if (event.getTraceId() != null) {
        traced++;
      }
      assertThat(event.getLatencyMicros()).isPositive();
    }
    assertThat(services).hasSize(100);
    assertThat(operations).hasSize(10);
    assertThat(errors / 100_000.0).isBetween(0.008, 0.012);
    assertThat(traced / 100_000.0).isBetween(0.09, 0.11);
  }

  @Test
  void shouldRunEventTimeForwardAcrossTheSpanWithBoundedDisorder() {
    List<RequestEvent> events = generate(42, 50_000);
    long first = LAST.minus(SPAN).toEpochMilli();
    long maxSoFar = first - DISORDER.toMillis();
    for (RequestEvent event : events) {
      long time = event.getTimestamp().toEpochMilli();
      assertThat(time).isBetween(first - DISORDER.toMillis(), LAST.toEpochMilli());
      assertThat(time).isGreaterThanOrEqualTo(maxSoFar - DISORDER.toMillis() - 1);
      maxSoFar = Math.max(maxSoFar, time);
    }
    assertThat(maxSoFar).isGreaterThan(LAST.toEpochMilli() - DISORDER.toMillis() - 1);
  }

  @Test
  void shouldSpreadEventsOverCustomersAndSendTheAskedShareToTheFirstService() {
    RequestEventGenerator generator =
        new RequestEventGenerator(7, 20_000, LAST, SPAN, DISORDER, 0.10).withCustomers(100, 0.5);
    int first = 0;
    java.util.Set<String> customers = new java.util.HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      io.slipstream.avro.RequestEvent event = generator.next();
      customers.add(event.getAttributes().get("customer"));
      first += event.getService().equals(RequestEventGenerator.serviceName(0)) ? 1 : 0;
    }
    assertThat(customers).hasSize(100).allMatch(c -> c.startsWith("customer-"));
    // Half of them, plus an even share (1 %) of the other half.
    assertThat(first).isBetween(9_800, 10_400);
  }
}
