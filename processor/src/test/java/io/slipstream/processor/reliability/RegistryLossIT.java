package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.topology.SliSettings;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema registry out of the processor's reach for a while (a relay in front of the real
 * registry is cut) as an incident starts: the processor goes on with the events whose schemas it
 * has cached and publishes the page; it waits for the events written with a schema it has not seen
 * yet, neither dropping nor dead-lettering them, and processes them once the registry is back. The
 * published results are then the oracles', as if the registry had never been away.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class RegistryLossIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration STALL_CHECK = Duration.ofSeconds(4);

  @Test
  void shouldProcessCachedSchemasDuringARegistryOutageAndCatchUpWithoutLossAfterIt(
      LocalStack stack, TestResources resources) throws Exception {
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, 100, 500, 7);
    // The outage begins before the first page: the alert is published while the registry is away.
    List<RequestEvent> beforeOutage = eventsBetween(events, start, start + 15 * 60_000L);
    List<RequestEvent> cachedSchema =
        eventsBetween(events, start + 15 * 60_000L, start + 60 * 60_000L);
    List<RequestEvent> newSchema = eventsBetween(events, start + 60 * 60_000L, Long.MAX_VALUE);
    URI registry = URI.create(stack.schemaRegistryUrl());
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();

    try (TcpProxy relay = TcpProxy.start(registry.getPort())) {
      Map<String, String> settings =
          pipeline.processorSettings(Files.createTempDirectory("slipstream-registry-it"));
      settings.put(
          ProcessorConfig.SCHEMA_REGISTRY_URL,
          "http://127.0.0.1:" + relay.port() + registry.getPath());
      try (SlipstreamProcessor processor =
          new SlipstreamProcessor(ProcessorConfig.of(settings), SliSettings.defaults())) {
        processor.start();
        pipeline.produce(beforeOutage);
        pipeline.awaitCaughtUp();

        relay.cut();
        pipeline.produce(cachedSchema);
        await("the processor decodes events of a cached schema without the registry")
            .atMost(LIMIT)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> pipeline.lag() == 0);
        assertThat(pipeline.published().alerts())
            .as("page transitions published while the registry is away")
            .isNotEmpty();

        pipeline.produceEvolved(EvolvedRequestEvents.of(newSchema));
        // Held for the whole check: events of a schema the processor has never seen wait for the
        // registry instead of being skipped or dead-lettered.
        await("events of an unknown schema wait for the registry")
            .during(STALL_CHECK)
            .atMost(STALL_CHECK.plusSeconds(5))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> pipeline.lag() > 0);

        relay.restore();
        pipeline.awaitCaughtUp();
        OracleVerdict.assertExact(events, pipeline.published());
      }
    }
  }

  private static List<RequestEvent> eventsBetween(List<RequestEvent> events, long from, long to) {
    return events.stream()
        .filter(
            e -> e.getTimestamp().toEpochMilli() >= from && e.getTimestamp().toEpochMilli() < to)
        .toList();
  }
}
