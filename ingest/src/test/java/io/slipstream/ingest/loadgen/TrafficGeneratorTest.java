package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  private static final LognormalLatency LATENCY = new LognormalLatency(20_000, 0.5);

  @Test
  void shouldGivePaymentsThePaymentAndRefundOperationsTheExampleSloCounts() {
    TrafficGenerator traffic =
        new TrafficGenerator(
            2, 3, new TrafficProfile(0.01, LATENCY, List.of()), new SplittableRandom(5));

    assertThat(traffic.services()).containsExactly("checkout", "payments");
    assertThat(traffic.operations("payments"))
        .containsExactly("POST /payments", "GET /payments/{id}", "POST /refunds");
    assertThat(traffic.operations("checkout"))
        .containsExactly("GET /items/{id}", "POST /orders", "GET /search");
  }

  @Test
  void shouldMakeEachServiceRequestsOfItsOwnOperationsOnly() {
    TrafficGenerator traffic =
        new TrafficGenerator(
            2, 3, new TrafficProfile(0.01, LATENCY, List.of()), new SplittableRandom(9));
    Set<String> paymentsSeen = new HashSet<>();
    Set<String> checkoutSeen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      RequestEvent event = traffic.nextRequest(Instant.EPOCH, Duration.ofMinutes(1)).orElseThrow();
      (event.getService().equals("payments") ? paymentsSeen : checkoutSeen)
          .add(event.getOperation());
    }

    assertThat(paymentsSeen).containsExactlyInAnyOrderElementsOf(traffic.operations("payments"));
    assertThat(checkoutSeen).containsExactlyInAnyOrderElementsOf(traffic.operations("checkout"));
  }
}
