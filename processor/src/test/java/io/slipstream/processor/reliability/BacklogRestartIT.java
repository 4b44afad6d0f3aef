package io.slipstream.processor.reliability;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor killed while both input topics keep receiving events, and started again once more
 * than 15 minutes of event time have piled up on each: on restart the two backlogs arrive in
 * whatever order the consumer fetches them (here one topic's whole backlog was written before the
 * other's). Nothing may be dead-lettered, and what it publishes (read committed) must be exactly
 * what the oracles compute for one uninterrupted run.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class BacklogRestartIT {
  private static final long MINUTE = 60_000;
  private static final int MINUTES = 100;

  @Test
  void shouldCountEveryEventOnceWhenRestartedWithABacklogOnBothInputs(
      LocalStack stack, TestResources resources) throws Exception {
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, MINUTES, 100, 7);
    List<ResourceSample> samples = IncidentTraffic.samples(start, start + MINUTES * MINUTE);
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();
    Path stateDir = Files.createTempDirectory("slipstream-backlog-it");
    Path logs = Path.of("target", "reliability", resources.suffix());
    long down = start + 30 * MINUTE;
    long up = start + 65 * MINUTE;

    ProcessorJvm first =
        ProcessorJvm.start("processor-0", pipeline.processorSettings(stateDir), logs);
    try {
      pipeline.produce(between(events, start, down));
      pipeline.produceSamples(samplesBetween(samples, start, down));
      pipeline.awaitBothInputsCaughtUp();
    } finally {
      first.kill();
    }
    // 35 minutes of event time on both topics while it is down: requests first, then samples.
    pipeline.produce(between(events, down, up));
    pipeline.produceSamples(samplesBetween(samples, down, up));

    // The processor runs while the block below produces and checks; closing it stops its JVM.
    ProcessorJvm second =
        ProcessorJvm.start("processor-1", pipeline.processorSettings(stateDir), logs);
    try (second) {
      // The rest arrives while it drains the backlog: this time samples first.
      pipeline.produceSamples(samplesBetween(samples, up, Long.MAX_VALUE));
      pipeline.produce(between(events, up, Long.MAX_VALUE));
      pipeline.awaitBothInputsCaughtUp();
      OracleVerdict.assertExact(events, pipeline.published());
    }
  }

  private static List<RequestEvent> between(List<RequestEvent> events, long from, long to) {
    return events.stream()
        .filter(
            e -> e.getTimestamp().toEpochMilli() >= from && e.getTimestamp().toEpochMilli() < to)
        .toList();
  }

  private static List<ResourceSample> samplesBetween(
      List<ResourceSample> samples, long from, long to) {
    return samples.stream()
        .filter(
            s -> s.getTimestamp().toEpochMilli() >= from && s.getTimestamp().toEpochMilli() < to)
        .toList();
  }
}
