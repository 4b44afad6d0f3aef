package io.slipstream.alertmanager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.alertmanager.StubAlertmanager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertDeliveryTest {
  private static final String BODY = "[{\"labels\":{\"alertname\":\"X\"}}]";
  private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));
  private final List<StubAlertmanager> stubs = new ArrayList<>();
  private final List<Duration> waits = new ArrayList<>();

  @AfterEach
  void stopStubs() {
    stubs.forEach(StubAlertmanager::close);
  }

  @Test
  void shouldRetryServerErrorsUntilAccepted() throws Exception {
    StubAlertmanager stub = stub().thenAnswer(503, "busy").thenAnswer(500, "oops");

    DeliveryResult result = delivery(stub).deliver(BODY, "test", this::waitUpToTen);

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(stub.bodies()).containsExactly(BODY, BODY, BODY);
    assertThat(waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  @Test
  void shouldRejectClientErrorsWithTheirBodyWithoutRetrying() throws Exception {
    StubAlertmanager stub = stub().otherwiseAnswer(400, "at least one label pair required");

    DeliveryResult result = delivery(stub).deliver(BODY, "test", this::waitUpToTen);

    assertThat(result)
        .isEqualTo(
            new DeliveryResult.Rejected(
                URI.create(stub.baseUrl() + "/api/v2/alerts"),
                400,
                "at least one label pair required"));
    assertThat(stub.bodies()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void shouldRetryTooManyRequestsAndNotFound() throws Exception {
    StubAlertmanager stub = stub().thenAnswer(429, "slow down").thenAnswer(404, "no such path");

    DeliveryResult result = delivery(stub).deliver(BODY, "test", this::waitUpToTen);

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(stub.bodies()).hasSize(3);
  }

  @Test
  void shouldKeepRetryingAnUnreachableAlertmanagerUntilTheWaiterGivesUp() throws Exception {
    AlertDelivery delivery =
        new AlertDelivery(
            List.of(
                new AlertmanagerEndpoint(
                    URI.create("http://127.0.0.1:" + closedPort()),
                    Duration.ofSeconds(2),
                    Duration.ofHours(1))),
            FAST);

    DeliveryResult result = delivery.deliver(BODY, "test", d -> waits.add(d) && waits.size() < 3);

    assertThat(result).isInstanceOf(DeliveryResult.Abandoned.class);
    assertThat(waits).hasSize(3);
  }

  @Test
  void shouldSendToEveryAlertmanagerAndRetryOnlyTheOneThatFailed() throws Exception {
    StubAlertmanager healthy = stub();
    StubAlertmanager flaky = stub().thenAnswer(502, "bad gateway");

    DeliveryResult result = delivery(healthy, flaky).deliver(BODY, "test", this::waitUpToTen);

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(healthy.bodies()).hasSize(1);
    assertThat(flaky.bodies()).hasSize(2);
  }

  @Test
  void shouldStopSendingToAnAlertmanagerThatFailedFiveTimesInARow() throws Exception {
    StubAlertmanager down = stub().otherwiseAnswer(503, "down");

    DeliveryResult result =
        delivery(down).deliver(BODY, "test", d -> waits.add(d) && waits.size() < 8);

    assertThat(result).isInstanceOf(DeliveryResult.Abandoned.class);
    assertThat(waits).hasSize(8);
    assertThat(down.bodies()).hasSize(AlertmanagerEndpoint.FAILURES_TO_OPEN);
  }

  @Test
  void shouldSendOnceWithoutRetrying() throws Exception {
    StubAlertmanager stub = stub().otherwiseAnswer(503, "down");

    delivery(stub).sendOnce(BODY, "test");

    assertThat(stub.bodies()).hasSize(1);
  }

  private boolean waitUpToTen(Duration delay) {
    waits.add(delay);
    return waits.size() <= 10;
  }

  private StubAlertmanager stub() {
    StubAlertmanager stub = StubAlertmanager.start();
    stubs.add(stub);
    return stub;
  }

  private static AlertDelivery delivery(StubAlertmanager... targets) {
    List<AlertmanagerEndpoint> endpoints = new ArrayList<>();
    for (StubAlertmanager target : targets) {
      endpoints.add(
          new AlertmanagerEndpoint(target.baseUrl(), Duration.ofSeconds(5), Duration.ofHours(1)));
    }
    return new AlertDelivery(endpoints, FAST);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
