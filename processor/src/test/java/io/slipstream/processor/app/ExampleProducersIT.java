package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example producers in {@code examples/producers} against the real broker and registry, with a
 * processor that set up its topics: the producers only look the schema up (the topic setup
 * registered it), and the processor counts exactly their events and errors, in the buckets of their
 * event times. Python: Confluent's client and Avro serializer with the standalone schema, which
 * needs Debian's {@code python3-confluent-kafka} and fastavro for {@code /usr/bin/python3} ({@code
 * .ci/install-test-deps} installs both). Node: kafkajs and
 * {@code @kafkajs/confluent-schema-registry}, installed by {@code npm ci} from the npm registry
 * into a copy under {@code target}.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ExampleProducersIT {
  private static final Path PRODUCERS = Path.of("../examples/producers");
  private static final Path STANDALONE_SCHEMA =
      Path.of("../schemas/src/main/avro-standalone/RequestEvent.avsc");
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Duration PRODUCER_LIMIT = Duration.ofSeconds(45);
  private static final Duration NPM_LIMIT = Duration.ofSeconds(120);
  private static final Duration LIMIT = Duration.ofSeconds(45);
  private static final long BUCKET_MS = 10_000;
  private static final int COUNT = 200;
  private static final int ERRORS = 20;

  /** Partitions of the input topics (the processor's default when it creates them). */
  private static final int PARTITIONS = 2;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldCountExactlyTheEventsThePythonProducerWrote(LocalStack stack, TestResources resources)
      throws Exception {
    assertThat(PYTHON).as("/usr/bin/python3 (run .ci/install-test-deps)").isExecutable();
    Path script = PRODUCERS.resolve("python/produce_requests.py");
    assertThat(script).as("the example producer").isRegularFile();
    // The script reads the standalone schema from the repository by default.
    assertProducerCounted(
        stack,
        resources,
        serviceLibrdkafkaWouldMisplace(resources.suffix(), PARTITIONS),
        List.of(PYTHON.toString(), script.toString()));
  }

  @Test
  void shouldCountExactlyTheEventsTheNodeProducerWrote(LocalStack stack, TestResources resources)
      throws Exception {
    Path copy = Files.createDirectories(Path.of("target", "node-producer", resources.suffix()));
    for (String file : List.of("package.json", "package-lock.json", "produce-requests.mjs")) {
      Files.copy(PRODUCERS.resolve("node").resolve(file), copy.resolve(file));
    }
    // Only the locked packages, and no install scripts: none of them needs one.
    run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), copy, NPM_LIMIT);
    assertProducerCounted(
        stack,
        resources,
        "node-" + resources.suffix(),
        List.of(
            "node",
            copy.resolve("produce-requests.mjs").toString(),
            "--schema",
            STANDALONE_SCHEMA.toAbsolutePath().toString()));
  }

  /**
   * Starts a processor on fresh topics, runs {@code producer} to write {@link #COUNT} events of
   * {@code service} with 10 % errors, and checks what the processor made of them.
   */
  private void assertProducerCounted(
      LocalStack stack, TestResources resources, String service, List<String> producer)
      throws Exception {
    String prefix = resources.suffix() + "-";
    Topics topics = Topics.withPrefix(prefix);
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("application.id", resources.applicationId("slipstream-producers"));
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(ProcessorConfig.TOPIC_PREFIX, prefix);
    settings.put(ProcessorConfig.TOPIC_PARTITIONS, Integer.toString(PARTITIONS));
    settings.put("state.dir", Files.createTempDirectory("slipstream-producers-it").toString());
    settings.put("num.stream.threads", "1");
    settings.put("commit.interval.ms", "200");
    settings.put(ProcessorConfig.HTTP_PORT, "0");
    settings.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    settings.put(ProcessorConfig.HTTP_ADVERTISED_HOST, "127.0.0.1");

    // Starting creates the topics and registers the input schemas under <topic>-value.
    try (ServedProcessor processor =
        ServedProcessor.start(
            ProcessorConfig.of(settings), SliSettings.defaults(), SloSettings.defaults())) {
      List<String> command = new ArrayList<>(producer);
      command.addAll(
          List.of(
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--schema-registry-url",
              stack.schemaRegistryUrl(),
              "--topic-prefix",
              prefix,
              "--service",
              service,
              "--count",
              Integer.toString(COUNT),
              "--error-ratio",
              "0.1",
              "--spread-seconds",
              "120"));
      JsonNode summary = run(command, Path.of("."), PRODUCER_LIMIT);
      assertThat(summary).as("the summary line of %s", command).isNotNull();
      assertThat(summary.get("produced").asInt()).as("events acknowledged").isEqualTo(COUNT);
      assertThat(summary.get("errors").asInt()).as("errors produced").isEqualTo(ERRORS);
      long first = summary.get("first_event_ms").asLong();
      long last = summary.get("last_event_ms").asLong();

      assertEventTimesAndAttributes(stack, resources, topics, first, last);

      long from = Math.floorDiv(first, BUCKET_MS) * BUCKET_MS;
      long to = Math.floorDiv(last, BUCKET_MS) * BUCKET_MS + BUCKET_MS;
      String question = "/api/v1/services/" + service + "/sli?from=" + from + "&to=" + to;
      await("the processor counts all " + COUNT + " events of " + service)
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                assertThat(processor.processor().streams().state())
                    .isEqualTo(KafkaStreams.State.RUNNING);
                Answer answer = get(processor.port(), question);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json().get("requestCount").asLong())
                    .as(answer.body())
                    .isGreaterThanOrEqualTo(COUNT);
              });
      JsonNode sli = get(processor.port(), question).json();
      assertThat(sli.get("requestCount").asLong()).as("requests counted").isEqualTo(COUNT);
      assertThat(sli.get("errorCount").asLong()).as("errors counted").isEqualTo(ERRORS);
      assertThat(processor.processor().rejections().snapshot())
          .as("events refused")
          .allSatisfy((reason, count) -> assertThat(count).isZero());
    }
  }

  /**
   * A service name that librdkafka's default partitioner (CRC32 of the key) puts in another
   * partition than Java's (murmur2): a producer that forgets to choose murmur2 fails the test.
   */
  private static String serviceLibrdkafkaWouldMisplace(String suffix, int partitions) {
    for (int i = 0; ; i++) {
      String service = "python-" + suffix + "-" + i;
      byte[] key = service.getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(key);
      if (crc.getValue() % partitions != javaPartition(key, partitions)) {
        return service;
      }
    }
  }

  /** The partition Java's default partitioner picks for a record with {@code key}. */
  private static int javaPartition(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  /**
   * Runs {@code command} in {@code directory} to its end, bounded by {@code limit}, and returns the
   * JSON of the last line it printed (null when that is not JSON). Its output is kept in {@code
   * target/producers}.
   */
  private static JsonNode run(List<String> command, Path directory, Duration limit)
      throws IOException, InterruptedException {
    Path logs = Files.createDirectories(Path.of("target", "producers"));
    String name = Path.of(command.get(command.size() > 1 ? 1 : 0)).getFileName() + "-";
    Path out = Files.createTempFile(logs, name, ".out");
    Path err = Files.createTempFile(logs, name, ".err");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(finished)
          .as("%s finishes within %s; stderr:%n%s", command, limit, Files.readString(err))
          .isTrue();
      assertThat(process.exitValue())
          .as(
              "exit code of %s (run .ci/install-test-deps if a module is missing); stderr:%n%s",
              command, Files.readString(err))
          .isZero();
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("{")) {
      return null;
    }
    return new ObjectMapper().readTree(lines.get(lines.size() - 1));
  }

  /**
   * Reads the events back with Slipstream's own deserializer: each in the partition Java's
   * partitioner picks for its service (where the query API looks for it, and where every other
   * producer's events of that service are), the timestamp-millis field holding the event times the
   * producer reported (not shifted by a time zone), and the attributes there.
   */
  private static void assertEventTimesAndAttributes(
      LocalStack stack, TestResources resources, Topics topics, long first, long last) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, resources.applicationId("python-events-reader"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Object> serde = Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl());
    List<RequestEvent> events = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    int partitionCount;
    try (KafkaConsumer<String, RequestEvent> consumer =
        new KafkaConsumer<>(
            props,
            topics.requestEvents().keyDeserializer(serde),
            topics.requestEvents().valueDeserializer(serde))) {
      consumer.subscribe(List.of(topics.requestEvents().name()));
      await("the producer's events are read back")
          .atMost(LIMIT)
          .until(
              () -> {
                for (ConsumerRecord<String, RequestEvent> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  events.add(record.value());
                  partitions.add(record.partition());
                }
                return events.size() >= COUNT;
              });
      partitionCount = consumer.partitionsFor(topics.requestEvents().name()).size();
    }
    assertThat(events).hasSize(COUNT);
    byte[] key = events.get(0).getService().getBytes(StandardCharsets.UTF_8);
    assertThat(Set.copyOf(partitions))
        .as("partitions of the events (of %s)", partitionCount)
        .containsOnly(javaPartition(key, partitionCount));
    assertThat(events.get(0).getTimestamp().toEpochMilli()).as("first event time").isEqualTo(first);
    assertThat(events.get(COUNT - 1).getTimestamp().toEpochMilli())
        .as("last event time")
        .isEqualTo(last);
    assertThat(events).allSatisfy(e -> assertThat(e.getAttributes()).containsKey("producer"));
    assertThat(events.stream().filter(e -> e.getOutcome() == Outcome.ERROR)).hasSize(ERRORS);
  }

  private record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(body);
    }
  }

  private Answer get(int port, String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body());
  }
}
