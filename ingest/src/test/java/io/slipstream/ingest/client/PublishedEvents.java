package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Numbered request events of two services, and the check that they arrived once and in order. */
final class PublishedEvents {

  static final List<String> SERVICES = List.of("checkout", "payments");

  private PublishedEvents() {}

  /** Event number {@code seq} of {@code service}; the number is in the {@code seq} attribute. */
  static RequestEvent event(String service, int seq) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation("GET /items/{id}")
        .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L + seq))
        .setLatencyMicros(1_000 + seq)
        .setStatusCode(200)
        .setOutcome(Outcome.SUCCESS)
        .setAttributes(Map.of("seq", Integer.toString(seq)))
        .build();
  }

  /** Event {@code seq} of the services taking turns: even numbers checkout, odd ones payments. */
  static RequestEvent event(int seq) {
    return event(SERVICES.get(seq % SERVICES.size()), seq);
  }

  /**
   * {@code op-from} up to {@code op-(to-1)}: the operations {@code record("op-" + i, ...)} gave.
   */
  static List<String> ops(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "op-" + i).toList();
  }

  /** The operations of the records, in topic order. */
  static List<String> operations(List<ConsumerRecord<String, RequestEvent>> records) {
    return records.stream().map(record -> record.value().getOperation()).toList();
  }

  /** Asserts that events {@code 0..total-1} of {@link #event(int)} each arrived once, in order. */
  static void assertExactlyOnceInOrderPerService(
      List<ConsumerRecord<String, RequestEvent>> records, int total) {
    assertThat(records).hasSize(total);
    Map<String, List<Integer>> sequences = new LinkedHashMap<>();
    for (ConsumerRecord<String, RequestEvent> record : records) {
      assertThat(record.key()).isEqualTo(record.value().getService());
      sequences
          .computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(Integer.parseInt(record.value().getAttributes().get("seq")));
    }
    for (int s = 0; s < SERVICES.size(); s++) {
      List<Integer> expected = new ArrayList<>();
      for (int seq = s; seq < total; seq += SERVICES.size()) {
        expected.add(seq);
      }
      assertThat(sequences.get(SERVICES.get(s)))
          .as("events of %s, in order, each once", SERVICES.get(s))
          .containsExactlyElementsOf(expected);
    }
  }
}
