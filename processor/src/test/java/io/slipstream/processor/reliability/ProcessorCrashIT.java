package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor in a JVM of its own, killed with SIGKILL at random points while it works through a
 * preloaded stream and started again on the same state directory each time: what it publishes (read
 * committed) is exactly what the oracles compute for one uninterrupted run.
 *
 * <p>The kill points come from a seed, printed at the start; set {@code -Dslipstream.faults.seed}
 * to replay a run.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ProcessorCrashIT {
  private static final int KILLS = 3;
  private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(90);

  @Test
  void shouldPublishExactlyTheOraclesResultsWhenKilledRepeatedlyMidStream(
      LocalStack stack, TestResources resources) throws Exception {
    long seed = Long.getLong("slipstream.faults.seed", System.nanoTime());
    System.out.println(
        "ProcessorCrashIT seed: " + seed + " (-Dslipstream.faults.seed=" + seed + ")");
    Random random = new Random(seed);
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, 100, 100, seed);
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();
    pipeline.produce(events);

    Path stateDir = Files.createTempDirectory("slipstream-crash-it");
    Path logs = Path.of("target", "reliability", resources.suffix());
    // Kill once a random share of the stream is committed, plus up to one commit interval, so the
    // kill lands with processed but uncommitted work in flight.
    double[] killAt = new double[KILLS];
    for (int i = 0; i < KILLS; i++) {
      killAt[i] = 0.1 + 0.8 * random.nextDouble();
    }
    Arrays.sort(killAt);
    int midStreamKills = 0;
    for (int i = 0; i < KILLS; i++) {
      ProcessorJvm processor =
          ProcessorJvm.start("processor-" + i, pipeline.processorSettings(stateDir), logs);
      long target = (long) (killAt[i] * events.size());
      try {
        await("processor " + i + " commits " + target + " of " + events.size() + " events")
            .atMost(PROGRESS_LIMIT)
            .pollInterval(Duration.ofMillis(20))
            .ignoreExceptions()
            .until(() -> events.size() - pipeline.lag() >= target);
        Thread.sleep(random.nextInt(150)); // the random part of the kill point, not a wait
      } finally {
        processor.kill();
      }
      long remaining = pipeline.lag();
      System.out.printf("killed processor %d with %d events not yet committed%n", i, remaining);
      midStreamKills += remaining > 0 ? 1 : 0;
    }
    assertThat(midStreamKills).as("kills with events left to process").isPositive();

    // The processor runs while the block below produces and checks; closing it stops its JVM.
    ProcessorJvm last =
        ProcessorJvm.start("processor-" + KILLS, pipeline.processorSettings(stateDir), logs);
    try (last) {
      pipeline.awaitCaughtUp();
      OracleVerdict.assertExact(events, pipeline.published());
    }
  }
}
