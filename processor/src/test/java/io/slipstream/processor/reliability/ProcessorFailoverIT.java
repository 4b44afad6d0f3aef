package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.localstack.KafkaCluster;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.PageRuleOracle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three processor instances, each in a JVM of its own, share six partitions of a replicated
 * three-broker cluster under continuous load of both inputs. The instance that owns the SLO's
 * service is killed with SIGKILL; later a fresh instance joins. What the pipeline published (read
 * committed) is exactly what the oracles compute for one uninterrupted run: every snapshot, every
 * evaluation and every page transition, none missing, none twice. Meanwhile the survivors' query
 * API answers for every service, with 503 and {@code Retry-After} only while tasks move.
 *
 * <p>Standbys: {@code -Dslipstream.failover.standbys} (default 1, Slipstream's default). The test
 * prints how long the SLO's evaluations stopped after the kill and how long the query API answered
 * 503, the figures of docs/benchmarks.md, "Failover".
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ProcessorFailoverIT {
  private static final int PARTITIONS = 6;
  private static final int INSTANCES = 3;
  private static final int MINUTES = 100;
  private static final int CHUNK_MINUTES = 2;
  private static final Duration PACE = Duration.ofMillis(500);
  private static final List<String> BACKGROUND =
      List.of("cart", "catalog", "payments", "profile", "shipping", "inventory", "reviews", "auth");

  @Test
  void shouldMoveAKilledInstancesTasksAndTakeANewOneInWithNothingLostOrTwice(
      LocalStack stack, KafkaCluster cluster, TestResources resources) throws Exception {
    int standbys = Integer.getInteger("slipstream.failover.standbys", 1);
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events =
        IncidentTraffic.generate(start, MINUTES, 500, 20_261_207L, BACKGROUND);
    List<String> services = new ArrayList<>(BACKGROUND);
    services.add(IncidentTraffic.CHECKOUT);
    services.add(IncidentTraffic.SEARCH);
    List<ResourceSample> samples =
        IncidentTraffic.samples(start, start + MINUTES * 60_000L - 10_000, services);

    FaultPipeline pipeline =
        new FaultPipeline(cluster.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo(PageRuleOracle.SLO, PARTITIONS);
    ProcessorGroup group = new ProcessorGroup(pipeline, standbys, resources);
    try (group;
        EvaluationWatch evaluations =
            EvaluationWatch.start(
                pipeline.bootstrapServers(), pipeline.registryUrl(), pipeline.topics());
        QueryWatch queries = new QueryWatch(services)) {
      for (int i = 0; i < INSTANCES; i++) {
        queries.watch(group.start("instance-" + i, freePort()));
      }
      group.awaitStable(INSTANCES);
      group.awaitReady();
      queries.start();

      long killedAt = 0;
      long killedAtMillis = 0;
      long addedAt = 0;
      int chunks = MINUTES / CHUNK_MINUTES;
      for (int chunk = 0; chunk < chunks; chunk++) {
        long from = start + chunk * CHUNK_MINUTES * 60_000L;
        long to = from + CHUNK_MINUTES * 60_000L;
        pipeline.produce(inRange(events, from, to));
        pipeline.produceSamples(samplesInRange(samples, from, to));
        Thread.sleep(PACE.toMillis()); // the load's pace: about 25 s for 100 minutes of traffic
        if (chunk == chunks * 2 / 5) {
          String owner = group.ownerOf(PageRuleOracle.SLO_ID);
          queries.unwatch(group.port(owner));
          killedAt = System.nanoTime();
          killedAtMillis = System.currentTimeMillis();
          group.kill(owner);
          System.out.printf("ProcessorFailoverIT: killed %s, the owner of checkout%n", owner);
        } else if (chunk == chunks * 7 / 10) {
          addedAt = System.nanoTime();
          queries.watch(group.start("instance-" + INSTANCES, freePort()));
          System.out.println("ProcessorFailoverIT: added instance-" + INSTANCES);
        }
      }
      pipeline.awaitBothInputsCaughtUp(Duration.ofSeconds(180));
      group.awaitStable(INSTANCES);
      queries.awaitAllAnswering(Duration.ofSeconds(60));
      queries.stop();

      OracleVerdict.assertExact(events, pipeline.published());

      long lastEventTime =
          events.stream().mapToLong(e -> e.getTimestamp().toEpochMilli()).max().orElseThrow();
      double stoppedSeconds =
          evaluations.gaps(PageRuleOracle.SLO_ID, lastEventTime, killedAtMillis).spanning() / 1e3;
      System.out.printf(
          "ProcessorFailoverIT (standbys=%d): checkout's evaluations stopped for %.1f s around"
              + " the kill; query API: %d answers, %d of them 503 (longest 503 run %.1f s after"
              + " the kill, %.1f s after the new instance joined)%n",
          standbys,
          stoppedSeconds,
          queries.answers(),
          queries.unavailable(),
          queries.longestUnavailable(killedAt, addedAt) / 1e9,
          queries.longestUnavailable(addedAt, Long.MAX_VALUE) / 1e9);
      assertThat(queries.failures()).as("answers other than 200 or 503 with Retry-After").isEmpty();
      assertThat(queries.unavailableBefore(killedAt))
          .as("503 answers before any instance was killed")
          .isZero();
      assertThat(stoppedSeconds).as("seconds without an evaluation of checkout").isLessThan(90);
    }
  }

  private static List<RequestEvent> inRange(List<RequestEvent> events, long from, long to) {
    return events.stream()
        .filter(
            e -> e.getTimestamp().toEpochMilli() >= from && e.getTimestamp().toEpochMilli() < to)
        .toList();
  }

  private static List<ResourceSample> samplesInRange(
      List<ResourceSample> samples, long from, long to) {
    return samples.stream()
        .filter(
            s -> s.getTimestamp().toEpochMilli() >= from && s.getTimestamp().toEpochMilli() < to)
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The processor instances of one pipeline, each in its own JVM with its own state directory. */
  static final class ProcessorGroup implements AutoCloseable {
    private final FaultPipeline pipeline;
    private final int standbys;
    private final Path logs;
    private final Map<String, ProcessorJvm> running = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> ports = new java.util.HashMap<>();

    ProcessorGroup(FaultPipeline pipeline, int standbys, TestResources resources) {
      this.pipeline = pipeline;
      this.standbys = standbys;
      this.logs = Path.of("target", "reliability", resources.suffix());
    }

    /**
     * Starts {@code instance} with its query API on {@code port}; returns the port once the API
     * listens (it answers 503 until the instance runs).
     */
    int start(String instance, int port) throws IOException {
      Path stateDir = Files.createTempDirectory("slipstream-failover-" + instance);
      running.put(
          instance,
          ProcessorJvm.start(
              instance, pipeline.instanceSettings(stateDir, instance, port, standbys), logs));
      ports.put(instance, port);
      awaitOk(instance + "'s HTTP server listens", port, "/health/live");
      return port;
    }

    int port(String instance) {
      return ports.get(instance);
    }

    void kill(String instance) {
      running.remove(instance).kill();
    }

    /**
     * The instance that owns {@code sloId}'s task: the one whose internal SLO resource answers for
     * it (the others answer 503, "not owned here").
     */
    String ownerOf(String sloId) throws Exception {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      for (String instance : running.keySet()) {
        var answer =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + ports.get(instance)
                                + "/internal/v1/slos?id="
                                + sloId))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return instance;
        }
      }
      throw new IllegalStateException("no instance owns " + sloId);
    }

    /** Waits until every running instance is ready (its Kafka Streams client runs). */
    void awaitReady() {
      running.keySet().forEach(i -> awaitOk(i + " is ready", ports.get(i), "/health/ready"));
    }

    private static void awaitOk(String what, int port, String path) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      await(what)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
    }

    /** Waits until {@code count} members hold every input partition between them. */
    void awaitStable(int count) {
      await(count + " instances share the partitions")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                var members = members();
                long assigned =
                    members.stream()
                        .flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> tp.topic().equals(pipeline.requestEventsTopic()))
                        .count();
                return members.size() == count
                    && assigned == PARTITIONS
                    && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
              });
    }

    private java.util.Collection<org.apache.kafka.clients.admin.MemberDescription> members()
        throws Exception {
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", pipeline.bootstrapServers()))) {
        var group =
            admin
                .describeConsumerGroups(List.of(pipeline.applicationId()))
                .describedGroups()
                .get(pipeline.applicationId())
                .get(10, TimeUnit.SECONDS);
        if (group.groupState() != org.apache.kafka.common.GroupState.STABLE) {
          return List.of();
        }
        return group.members();
      }
    }

    @Override
    public void close() {
      running.values().forEach(ProcessorJvm::close);
      running.clear();
    }
  }
}
