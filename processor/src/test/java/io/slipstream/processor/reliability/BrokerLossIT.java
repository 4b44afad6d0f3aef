package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.client.PublisherMetrics;
import io.slipstream.ingest.client.SlipstreamPublisher;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.topology.SliSettings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker stopped in the middle of a stream and started again: the publisher keeps accepting
 * events (spooling them while Kafka is away) and the processor carries on by itself once the broker
 * is back. Every event the publisher accepted is counted exactly once: the published results are
 * the oracles'. The broker is a dedicated one, so stopping it leaves other tests alone.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class BrokerLossIT {
  private static final Duration OUTAGE = Duration.ofSeconds(8);
  private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);

  @Test
  void shouldRecoverPublisherAndProcessorWithoutLossOrDoubleCountingWhenTheBrokerRestarts(
      LocalStack stack, TestResources resources) throws Exception {
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, 100, 500, 42);
    int third = events.size() / 3;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      FaultPipeline pipeline =
          new FaultPipeline(broker.bootstrapServers(), stack.schemaRegistryUrl(), resources);
      pipeline.createWithSlo();
      try (SlipstreamProcessor processor =
              new SlipstreamProcessor(
                  ProcessorConfig.of(
                      pipeline.processorSettings(
                          Files.createTempDirectory("slipstream-broker-it"))),
                  SliSettings.defaults());
          SlipstreamPublisher publisher =
              SlipstreamPublisher.builder()
                  .service(IncidentTraffic.CHECKOUT)
                  .bootstrapServers(broker.bootstrapServers())
                  .schemaRegistryUrl(stack.schemaRegistryUrl())
                  .topics(pipeline.ingestTopics())
                  .queueCapacity(events.size())
                  .spoolDirectory(Files.createTempDirectory("slipstream-broker-it-spool"))
                  .build()) {
        processor.start();
        record(publisher, events.subList(0, third));
        awaitDelivered(publisher, third);
        await("the processor is working")
            .atMost(DELIVERY_LIMIT)
            .ignoreExceptions()
            .until(() -> pipeline.lag() < third);

        broker.stop();
        // Accepted while the broker is away: the publisher must keep them (queue, then spool).
        record(publisher, events.subList(third, 2 * third));
        Thread.sleep(OUTAGE.toMillis()); // the outage itself: the broker stays away this long
        broker.restart();

        record(publisher, events.subList(2 * third, events.size()));
        awaitDelivered(publisher, events.size());
        assertThat(publisher.metrics().dropped()).as("events the publisher dropped").isZero();
        pipeline.awaitCaughtUp();
        OracleVerdict.assertExact(events, pipeline.published());
        System.out.println("BrokerLossIT publisher after the outage: " + publisher.metrics());
      }
    }
  }

  private static void record(SlipstreamPublisher publisher, List<RequestEvent> events) {
    for (RequestEvent event : events) {
      assertThat(publisher.record(event)).as("the publisher accepts %s", event).isTrue();
    }
  }

  private static void awaitDelivered(SlipstreamPublisher publisher, long count) {
    await("Kafka acknowledged " + count + " events")
        .atMost(DELIVERY_LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              PublisherMetrics metrics = publisher.metrics();
              return metrics.sent() + metrics.replayed() >= count;
            });
  }
}
