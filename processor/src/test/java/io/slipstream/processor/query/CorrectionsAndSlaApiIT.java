package io.slipstream.processor.query;

import static io.slipstream.processor.query.QueryApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrections and SLA reports through the REST API of a running processor on the real broker: a
 * correction filed retroactively is applied by the next evaluation and by the report; bad ones are
 * refused with 400 naming the field; deleting restores the figures; every change is on the audit
 * topic.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class CorrectionsAndSlaApiIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String TOKEN = QueryPipeline.TOKEN;
  private static final long MINUTE = 60_000;

  @Test
  void shouldApplyAFiledCorrectionRefuseBadOnesAndAuditEveryChange(
      LocalStack stack, TestResources resources) throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            pipeline.producerProps(), new StringSerializer(), new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  pipeline.topics.slaDefinitions().name(),
                  "checkout-monthly",
                  Files.readString(Path.of("../examples/slas/checkout-monthly.yaml"))))
          .get();
    }
    try (ServedProcessor instance = pipeline.startInstance(TOKEN)) {
      int port = instance.port();
      await("the instance runs and has counted checkout")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> pipeline.complete(port));
      int all = pipeline.eventsPerService();

      // Five whole minutes inside the traffic: one checkout request a second.
      long start = Math.floorDiv(pipeline.firstEvent, MINUTE) * MINUTE + 2 * MINUTE;
      long end = start + 5 * MINUTE;
      long covered = 0;
      long coveredBad = 0;
      int index = 0;
      for (long t = pipeline.firstEvent; t <= pipeline.lastEvent; t += 1_000, index++) {
        if (t >= start && t < end) {
          covered++;
          coveredBad += index % 10 == 0 ? 1 : 0;
        }
      }
      String correction =
          """
          apiVersion: slipstream.io/v1
          kind: SloCorrection
          metadata:
            name: checkout-deploy
          spec:
            slos: [checkout-availability]
            start: %s
            end: %s
            action: exclude
            reason: botched deploy, rolled back
            filedBy: alice
          """
              .formatted(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
      QueryPipeline.Answer filed =
          pipeline.send(port, "POST", "/api/v1/corrections", correction, TOKEN);
      assertThat(filed.status()).as(filed.body()).isEqualTo(201);
      assertThat(filed.json().get("appliesTo").get(0).asText()).isEqualTo("checkout-availability");

      long expectedTotal = all - covered;
      long excluded = covered;
      await("the next evaluation leaves the corrected minutes out")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  status(pipeline, port).path("periodTotalEvents").asLong() == expectedTotal
                      && status(pipeline, port).path("periodExcludedEvents").asLong() == excluded);
      assertThat(pipeline.get(port, "/api/v1/corrections?slo=checkout-availability", TOKEN).json())
          .hasSize(1);
      // The history's budget burn-down leaves the same minutes out: it ends where the status is.
      JsonNode detail =
          pipeline.get(port, "/api/v1/slos/checkout-availability?history=30m", TOKEN).json();
      JsonNode burnDown = detail.path("history").path("budgetRemaining");
      assertThat(burnDown.get(burnDown.size() - 1).asDouble())
          .isCloseTo(
              detail.path("status").path("errorBudgetRemaining").asDouble(),
              org.assertj.core.api.Assertions.within(1e-9));

      // The SLA report over the current month applies the same correction.
      long monthStart =
          CalendarPeriods.start(
              CalendarUnit.MONTH, java.time.ZoneId.of("Europe/Berlin"), System.currentTimeMillis());
      JsonNode report = pipeline.get(port, "/api/v1/slas/checkout-monthly/report", TOKEN).json();
      if (pipeline.firstEvent >= monthStart) {
        assertThat(report.get("totalEvents").asLong()).isEqualTo(expectedTotal);
        assertThat(report.get("excludedEvents").asLong()).isEqualTo(covered);
        long bad = (all + 9) / 10 - coveredBad;
        assertThat(report.get("badEvents").asLong()).isEqualTo(bad);
        assertThat(report.get("closed").asBoolean()).isFalse();
        assertThat(report.get("corrections").get(0).asText()).isEqualTo("checkout-deploy");
      }
      assertThat(pipeline.get(port, "/api/v1/slas", TOKEN).json().get(0).get("id").asText())
          .isEqualTo("checkout-monthly");

      String overlapping = correction.replace("name: checkout-deploy", "name: second");
      assertError(
          pipeline.send(port, "POST", "/api/v1/corrections", overlapping, TOKEN),
          400,
          "bad_parameter",
          "spec.start");
      assertError(
          pipeline.send(
              port,
              "POST",
              "/api/v1/corrections",
              correction.replace("[checkout-availability]", "[nope]"),
              TOKEN),
          400,
          "bad_parameter",
          "spec.slos[0]");
      assertError(
          pipeline.send(
              port,
              "POST",
              "/api/v1/corrections",
              correction.replace(
                  "end: " + Instant.ofEpochMilli(end),
                  "end: " + Instant.ofEpochMilli(start - MINUTE)),
              TOKEN),
          400,
          "bad_parameter",
          "spec.end");
      assertError(
          pipeline.send(
              port,
              "POST",
              "/api/v1/corrections",
              correction
                  .replace("start: " + Instant.ofEpochMilli(start), "start: 2020-01-01T00:00Z")
                  .replace("end: " + Instant.ofEpochMilli(end), "duration: 1h"),
              TOKEN),
          400,
          "bad_parameter",
          "spec.start");
      assertError(
          pipeline.send(port, "POST", "/api/v1/corrections", "{not yaml", TOKEN),
          400,
          "bad_parameter",
          "body");
      assertError(
          pipeline.get(port, "/api/v1/slas/checkout-monthly/report?period=someday", TOKEN),
          400,
          "bad_parameter",
          "period");
      assertError(
          pipeline.send(port, "DELETE", "/api/v1/corrections/checkout-deploy", null, TOKEN),
          400,
          "bad_parameter",
          "by");
      assertError(
          pipeline.send(port, "DELETE", "/api/v1/corrections/nope?by=bob", null, TOKEN),
          404,
          "not_found",
          "id");

      // The CLI, through the same API.
      String url = "http://127.0.0.1:" + port;
      String listed = cli("corrections", "list", "--url", url, "--token", TOKEN, "-o", "markdown");
      assertThat(listed)
          .startsWith("| ID | SLOS | START | END | ACTION | ACTIVE | FILED BY | REASON |")
          .contains("| checkout-deploy | checkout-availability |");
      String csv =
          cli("sla", "report", "checkout-monthly", "--url", url, "--token", TOKEN, "-o", "csv");
      assertThat(csv.lines().toList()).hasSize(2);
      assertThat(csv)
          .startsWith("SLA,PERIOD,CLOSED,SLI,OBJECTIVE,MET,CREDIT %,GOOD,TOTAL,EXCLUDED,");
      assertThat(csv.lines().toList().get(1)).startsWith("checkout-monthly,");
      assertThat(
              cli(
                  "corrections",
                  "delete",
                  "checkout-deploy",
                  "--by",
                  "bob",
                  "--reason",
                  "wrong",
                  "--url",
                  url,
                  "--token",
                  TOKEN))
          .isEqualTo("deleted checkout-deploy\n");
      await("deleting the correction restores the figures")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> status(pipeline, port).path("periodTotalEvents").asLong() == all);
      assertThat(pipeline.get(port, "/api/v1/corrections", TOKEN).json()).isEmpty();

      List<JsonNode> audit = audit(pipeline, stack.bootstrapServers(), 2);
      assertThat(audit)
          .extracting(a -> a.get("change").asText())
          .containsExactly("filed", "deleted");
      assertThat(audit).extracting(a -> a.get("actor").asText()).containsExactly("alice", "bob");
      assertThat(audit.get(0).get("correction").get("spec").get("reason").asText())
          .isEqualTo("botched deploy, rolled back");
      assertThat(audit.get(1).get("reason").asText()).isEqualTo("wrong");
    }
  }

  /** Runs the CLI; it must succeed. */
  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        io.slipstream.processor.cli.SlipstreamCli.execute(
            args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private static JsonNode status(QueryPipeline pipeline, int port) {
    return pipeline.get(port, "/api/v1/slos/checkout-availability", TOKEN).json().path("status");
  }

  private static List<JsonNode> audit(QueryPipeline pipeline, String servers, int expected)
      throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<JsonNode> records = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition =
          new TopicPartition(pipeline.topics.sloCorrectionsAudit().name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(json.readTree(record.value()));
        }
      }
    }
    return records;
  }
}
