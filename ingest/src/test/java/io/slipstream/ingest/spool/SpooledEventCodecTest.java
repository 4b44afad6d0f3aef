package io.slipstream.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpooledEventCodecTest {

  @Test
  void shouldRoundTripARequestEvent() {
    RequestEvent event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("GET /carts/{id}")
            .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
            .setLatencyMicros(12_345)
            .setStatusCode(503)
            .setOutcome(Outcome.ERROR)
            .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .setSpanId("00f067aa0ba902b7")
            .setAttributes(Map.of("tier", "gold"))
            .build();

    IngestEvent decoded = SpooledEventCodec.decode(SpooledEventCodec.encode(IngestEvent.of(event)));

    assertThat(decoded.kind()).isEqualTo(IngestEvent.Kind.REQUEST_EVENT);
    assertThat(decoded.service()).isEqualTo("checkout");
    assertThat(decoded.record()).isEqualTo(event);
  }

  @Test
  void shouldRoundTripAResourceSample() {
    ResourceSample sample =
        ResourceSample.newBuilder()
            .setService("checkout")
            .setInstance("pod-1")
            .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
            .setCpuUtilization(0.5)
            .setMemoryUtilization(0.25)
            .setQueueDepth(3)
            .build();

    IngestEvent decoded =
        SpooledEventCodec.decode(SpooledEventCodec.encode(IngestEvent.of(sample)));

    assertThat(decoded.kind()).isEqualTo(IngestEvent.Kind.RESOURCE_SAMPLE);
    assertThat(decoded.record()).isEqualTo(sample);
  }

  @Test
  void shouldRejectPayloadsItDidNotWrite() {
    assertThatThrownBy(() -> SpooledEventCodec.decode(new byte[] {9, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpooledEventCodec.decode(new byte[] {1, 1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpooledEventCodec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
