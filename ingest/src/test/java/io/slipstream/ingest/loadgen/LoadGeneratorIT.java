package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.TopicReader;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class LoadGeneratorIT {

  @TempDir Path spoolDir;

  @Test
  void shouldPlayAcceleratedTrafficWithAnIncidentIntoTheTopics(
      LocalStack stack, TestResources resources) {
    String requestTopic = resources.topic("request-events");
    String sampleTopic = resources.topic("resource-samples");
    resources.createTopic(requestTopic, 2);
    resources.createTopic(sampleTopic, 1);
    StringWriter output = new StringWriter();

    int exitCode =
        new CommandLine(new LoadGenerator())
            .setOut(new PrintWriter(output))
            .execute(
                "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.schemaRegistryUrl(),
                "--request-topic", requestTopic,
                "--sample-topic", sampleTopic,
                "--services", "2",
                "--operations", "2",
                "--rate", "500",
                "--max-requests", "1000",
                "--duration", "30s",
                "--acceleration", "60",
                "--start", "2025-01-01T00:00:00Z",
                "--incident", "error-spike:service=checkout,start=0s,duration=1h,error-ratio=0.5",
                "--sample-interval", "30s",
                "--progress-interval", "1s",
                "--seed", "11",
                "--spool-dir", spoolDir.toString());

    assertThat(exitCode).as(output.toString()).isZero();
    assertThat(output.toString()).contains("Done: 1000 requests");

    List<ConsumerRecord<String, RequestEvent>> records =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            requestTopic,
            RequestEvent.class,
            1000,
            Duration.ofSeconds(60));
    assertThat(records).hasSize(1000);
    List<RequestEvent> events = records.stream().map(ConsumerRecord::value).toList();
    // 1000 requests at 500/s take 2 s of wall time: 2 simulated minutes at 60x.
    Instant latest = events.stream().map(RequestEvent::getTimestamp).max(Instant::compareTo).get();
    assertThat(Duration.between(Instant.parse("2025-01-01T00:00:00Z"), latest))
        .isBetween(Duration.ofSeconds(115), Duration.ofSeconds(120));
    double checkoutErrors =
        events.stream()
                .filter(e -> e.getService().equals("checkout"))
                .filter(e -> e.getStatusCode() >= 500)
                .count()
            / (double) events.stream().filter(e -> e.getService().equals("checkout")).count();
    assertThat(checkoutErrors).isBetween(0.4, 0.6);
    assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getService()));

    List<ConsumerRecord<String, ResourceSample>> samples =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            sampleTopic,
            ResourceSample.class,
            4,
            Duration.ofSeconds(60));
    assertThat(samples).isNotEmpty();
  }
}
