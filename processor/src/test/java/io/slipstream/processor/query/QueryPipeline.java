package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A running pipeline for query tests: topics with a unique prefix (two input partitions), two SLOs
 * on two services that live on different partitions, twenty minutes of traffic ending now (one
 * request a second per service; every tenth checkout request fails), saturation samples, and
 * processor instances with their HTTP servers.
 *
 * <p>With {@code grouped}, a third SLO: checkout's availability per customer ({@link
 * #GROUPED_SLO}). Checkout's requests go to five customers in turn, and every failing one is {@link
 * #FAILING_CUSTOMER}'s: one of its requests in two fails, the others' never do.
 */
public final class QueryPipeline {
  public static final String TOKEN = "s3cret-token";
  static final String CHECKOUT = "checkout";
  static final long BUCKET_MS = 10_000;
  static final String GROUPED_SLO = "checkout-availability-by-customer";

  /** Checkout's customers, in the turn their requests take: every tenth request is the first's. */
  static final List<String> CUSTOMERS = List.of("initech", "acme", "globex", "hooli", "umbrella");

  static final String FAILING_CUSTOMER = CUSTOMERS.get(0);

  final LocalStack stack;
  final TestResources resources;
  final Topics topics;
  final String applicationId;

  /** A service whose name hashes to the other input partition than checkout's. */
  final String other;

  final long firstEvent;
  final long lastEvent;
  final int eventsPerService;
  final boolean grouped;

  private final HttpClient http = HttpClient.newHttpClient();

  public QueryPipeline(LocalStack stack, TestResources resources) throws Exception {
    this(stack, resources, false);
  }

  /** The pipeline, with the grouped SLO when {@code grouped}. */
  public QueryPipeline(LocalStack stack, TestResources resources, boolean grouped)
      throws Exception {
    this.stack = stack;
    this.grouped = grouped;
    this.resources = resources;
    String prefix = resources.suffix() + "-";
    this.topics = Topics.withPrefix(prefix);
    this.applicationId = resources.applicationId("slipstream-query");
    this.other = otherPartitionService();
    resources.createTopic(topics.requestEvents().name(), 2);
    resources.createTopic(topics.resourceSamples().name(), 2);
    for (String topic :
        List.of(
            topics.requestEventsDlq().name(),
            topics.resourceSamplesDlq().name(),
            topics.sliSnapshots().name(),
            topics.sloDefinitions().name(),
            topics.sloBurnRates().name(),
            topics.sloAlerts().name())) {
      resources.createTopic(topic, 1);
    }
    String checkoutSlo = Files.readString(Path.of("../examples/slos/checkout-availability.yaml"));
    String otherSlo =
        checkoutSlo
            .replace("name: checkout-availability", "name: " + other + "-availability")
            .replace("service: checkout", "service: " + other)
            .replace(
                "displayName: Checkout availability", "displayName: " + other + " availability");
    try (KafkaProducer<String, String> definitions =
        new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer())) {
      definitions
          .send(
              new ProducerRecord<>(
                  topics.sloDefinitions().name(), "checkout-availability", checkoutSlo))
          .get();
      definitions
          .send(
              new ProducerRecord<>(
                  topics.sloDefinitions().name(), other + "-availability", otherSlo))
          .get();
      if (grouped) {
        String groupedSlo =
            Files.readString(Path.of("../examples/slos/checkout-availability-by-customer.yaml"));
        definitions
            .send(new ProducerRecord<>(topics.sloDefinitions().name(), GROUPED_SLO, groupedSlo))
            .get();
      }
    }
    long now = System.currentTimeMillis();
    this.lastEvent = Math.floorDiv(now, 1000) * 1000 - 2_000;
    this.firstEvent = lastEvent - 20 * 60_000L + 1_000;
    List<RequestEvent> events = new ArrayList<>();
    int index = 0;
    for (long t = firstEvent; t <= lastEvent; t += 1_000, index++) {
      events.add(
          event(CHECKOUT, t, index % 10 == 0, 1_000 + (index % 100) * 100L)
              .setAttributes(Map.of("customer", CUSTOMERS.get(index % CUSTOMERS.size())))
              .build());
      events.add(event(other, t, false, 2_000).build());
    }
    this.eventsPerService = index;
    // Refused input: dead-lettered and counted by reason, never aggregated.
    events.add(event(CHECKOUT, lastEvent, false, -5).build());
    produce(topics.requestEvents().name(), events, RequestEvent::getService);
    List<ResourceSample> samples =
        List.of(
            sample("pod-1", lastEvent - 5_000, 0.5),
            sample("pod-2", lastEvent - 5_000, 0.8),
            sample("pod-1", lastEvent, 0.4));
    produce(topics.resourceSamples().name(), samples, ResourceSample::getService);
  }

  /** Starts an instance with its own state dir and a free HTTP port. */
  public ServedProcessor startInstance(String token) throws IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("application.id", applicationId);
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(
        ProcessorConfig.TOPIC_PREFIX, topics.requestEvents().name().replace("request-events", ""));
    settings.put("state.dir", Files.createTempDirectory("slipstream-query-it").toString());
    settings.put("commit.interval.ms", "200");
    settings.put("num.stream.threads", "1");
    // Quick hand-over when an instance stops: the test waits on it.
    settings.put("consumer.session.timeout.ms", "10000");
    settings.put(ProcessorConfig.HTTP_PORT, "0");
    settings.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    settings.put(ProcessorConfig.HTTP_ADVERTISED_HOST, "127.0.0.1");
    if (token != null) {
      settings.put(ProcessorConfig.HTTP_TOKEN, token);
    }
    return ServedProcessor.start(
        ProcessorConfig.of(settings), SliSettings.defaults(), SloSettings.defaults());
  }

  /** A GET answer. */
  record Answer(int status, String body, HttpResponse<String> response) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Answer get(int port, String pathAndQuery, String token) {
    return send(port, "GET", pathAndQuery, null, token);
  }

  /** A request with any method; a body is sent as YAML. */
  Answer send(int port, String method, String pathAndQuery, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/yaml");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Every SLO evaluated with their page state settled (the grouped SLO's every instance), and all
   * events of both services counted.
   */
  public boolean complete(int port) {
    Answer slos = get(port, "/api/v1/slos", TOKEN);
    if (slos.status() != 200 || slos.json().size() != (grouped ? 3 : 2)) {
      return false;
    }
    for (JsonNode slo : slos.json()) {
      if (slo.has("groupedBy")) {
        if (!instancesComplete(port)) {
          return false;
        }
        continue;
      }
      if (slo.get("status").isNull()
          || slo.get("status").get("periodTotalEvents").asLong() < eventsPerService) {
        return false;
      }
    }
    for (String service : List.of(QueryPipeline.CHECKOUT, other)) {
      Answer sli = get(port, "/api/v1/services/" + service + "/sli?" + eventRange(), TOKEN);
      if (sli.status() != 200 || sli.json().get("requestCount").asLong() != eventsPerService) {
        return false;
      }
    }
    Answer sli = get(port, "/api/v1/services/checkout/sli?" + eventRange(), TOKEN);
    return sli.json().get("saturation").isNumber();
  }

  /** Every customer's instance evaluated with all of its events. */
  private boolean instancesComplete(int port) {
    Answer groups = get(port, "/api/v1/slos/" + GROUPED_SLO + "/groups?sort=key", TOKEN);
    if (groups.status() != 200 || groups.json().get("instances").asInt() != CUSTOMERS.size()) {
      return false;
    }
    for (JsonNode row : groups.json().get("groups")) {
      if (row.get("periodTotalEvents").asLong() < eventsPerService / CUSTOMERS.size()) {
        return false;
      }
    }
    return true;
  }

  /** The service on the other partition than checkout's. */
  public String other() {
    return other;
  }

  public int eventsPerService() {
    return eventsPerService;
  }

  /** The bucket-aligned range covering all events. */
  String eventRange() {
    long from = Math.floorDiv(firstEvent, BUCKET_MS) * BUCKET_MS;
    long to = Math.floorDiv(lastEvent, BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    return "from=" + Instant.ofEpochMilli(from) + "&to=" + to;
  }

  private static String otherPartitionService() {
    int checkout = partition(CHECKOUT);
    for (String candidate :
        List.of("payments", "search", "cart", "inventory", "shipping", "login")) {
      if (partition(candidate) != checkout) {
        return candidate;
      }
    }
    throw new IllegalStateException("no candidate on the other partition");
  }

  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
  }

  private <T extends org.apache.avro.generic.IndexedRecord> void produce(
      String topic, List<T> values, java.util.function.Function<T, String> key) {
    AvroSerializer<T> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, T> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(), serializer)) {
      for (T value : values) {
        producer.send(new ProducerRecord<>(topic, key.apply(value), value));
      }
      producer.flush();
    }
  }

  Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    return props;
  }

  private static RequestEvent.Builder event(
      String service, long time, boolean error, long latencyMicros) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation("GET /items")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(latencyMicros)
        .setStatusCode(error ? 503 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .setTraceId(String.format("%032x", time));
  }

  private static ResourceSample sample(String instance, long time, double cpu) {
    return ResourceSample.newBuilder()
        .setService(CHECKOUT)
        .setInstance(instance)
        .setTimestamp(Instant.ofEpochMilli(time))
        .setCpuUtilization(cpu)
        .setMemoryUtilization(0.3)
        .build();
  }
}
