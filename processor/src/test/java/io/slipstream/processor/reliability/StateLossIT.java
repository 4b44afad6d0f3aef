package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor's local state directory deleted while it is down: the next instance on that
 * directory restores every store from the changelogs, answers queries exactly as before, and goes
 * on to publish exactly the oracles' results for the whole stream.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class StateLossIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldRestoreFromChangelogsAndAnswerTheSameAfterTheStateDirectoryIsDeleted(
      LocalStack stack, TestResources resources) throws Exception {
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, 100, 500, 11);
    long half = start + 50 * 60_000L;
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();
    Path stateDir = Files.createTempDirectory("slipstream-state-it");
    ProcessorConfig config = ProcessorConfig.of(pipeline.processorSettings(stateDir));
    List<String> questions =
        List.of(
            "/api/v1/services/checkout/sli?" + range(start, half),
            "/api/v1/services/search/sli?" + range(start, half),
            "/api/v1/services/checkout/sli?operation=POST%20/orders&" + range(start, half),
            "/api/v1/services/checkout/series?step=1m&" + range(half - 30 * 60_000L, half));

    List<JsonNode> before;
    try (ServedProcessor first = start(config)) {
      pipeline.produce(eventsBefore(events, half));
      pipeline.awaitCaughtUp();
      before = answers(first.port(), questions);
    }
    assertThat(before.get(0).get("requestCount").asLong())
        .as("checkout requests in the first half")
        .isEqualTo(
            eventsBefore(events, half).stream()
                .filter(e -> e.getService().equals("checkout"))
                .count());
    deleteRecursively(stateDir);

    try (ServedProcessor second = start(config)) {
      await("the restored instance answers as the first did")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(answers(second.port(), questions)).isEqualTo(before));
      pipeline.produce(events.subList(eventsBefore(events, half).size(), events.size()));
      pipeline.awaitCaughtUp();
      OracleVerdict.assertExact(events, pipeline.published());
    }
  }

  private static ServedProcessor start(ProcessorConfig config) {
    return ServedProcessor.start(config, SliSettings.defaults(), SloSettings.defaults());
  }

  private static List<RequestEvent> eventsBefore(List<RequestEvent> events, long time) {
    return events.stream().filter(e -> e.getTimestamp().toEpochMilli() < time).toList();
  }

  private static String range(long from, long to) {
    return "from=" + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to);
  }

  private List<JsonNode> answers(int port, List<String> questions) throws Exception {
    List<JsonNode> answers = new ArrayList<>();
    for (String question : questions) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + question))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("%s answered %s", question, response.body())
          .isEqualTo(200);
      answers.add(JSON.readTree(response.body()));
    }
    return answers;
  }

  private static void deleteRecursively(Path directory) throws Exception {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertThat(directory).doesNotExist();
  }
}
