package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.localstack.KafkaCluster;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.PageRuleOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker of a three-node cluster (replication factor 3, two replicas in sync required) killed
 * with SIGKILL while both input topics receive a steady stream, and restarted on its ports and log
 * directory a third of the stream later. The killed node is the active controller and leads the
 * input partition of the SLO's service. The processor runs in a JVM of its own with Slipstream's
 * settings, its topics and changelogs replicated as the cluster's defaults say.
 *
 * <p>Nothing is lost and nothing counted twice: the published snapshots, burn rates and page
 * transitions (read committed) are exactly the oracles' for the uninterrupted stream. And nothing
 * stalls beyond the failover: the longest wall-clock pause between two consecutive evaluations, as
 * a {@code read_committed} consumer of the burn rates sees them arrive, stays within the time the
 * cluster needs to fence the dead node and elect new leaders, plus the clients' retries.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ClusterBrokerKillIT {
  private static final Duration LOAD_TIME = Duration.ofSeconds(45);
  private static final Duration LIMIT = Duration.ofSeconds(90);

  /**
   * The longest pause allowed between two evaluations. The failover itself: the other voters notice
   * the dead controller after 2 s without its fetch answers ({@code
   * controller.quorum.fetch.timeout.ms}) and elect one of themselves within about a second; the new
   * controller fences the dead node 4 s later (the cluster's {@code broker.session.timeout.ms}),
   * which moves its leaderships and takes it out of the ISRs, and the clients find the new leaders
   * at their next metadata refresh: about 7 s (6.5 to 7.4 s measured). 12 s leaves room for a busy
   * machine; a stall that waits for a timeout of its own (a request's 30 s, a session's 10 s and
   * the rebalance after it) would exceed it.
   */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(12);

  @Test
  void shouldCountEveryEventOnceAndKeepEvaluatingWhenABrokerIsKilledAndRestarted(
      LocalStack stack, KafkaCluster cluster, TestResources resources, @TempDir Path stateDir)
      throws Exception {
    System.out.printf(
        "ClusterBrokerKillIT: %d-node cluster started in %d ms%n",
        cluster.nodeIds().size(), cluster.startupTime().toMillis());
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> events = IncidentTraffic.generate(start, 100, 100, 19);
    long lastEventTime = events.get(events.size() - 1).getTimestamp().toEpochMilli();
    List<ResourceSample> samples = IncidentTraffic.samples(start, lastEventTime);
    FaultPipeline pipeline =
        new FaultPipeline(cluster.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();
    List<String> names = pipeline.topics().all().stream().map(topic -> topic.name()).toList();
    assertReplicatedThreeTimes(cluster, names::contains, "the pipeline's topics", 12);
    // The harshest loss of one node: the active controller, made leader of the partition that
    // holds the SLO's service, so that a controller election and partition elections both happen.
    int victim = cluster.activeController();
    cluster.makeLeader(
        pipeline.topics().requestEvents().name(), partitionOf(IncidentTraffic.CHECKOUT, 2), victim);

    Path logs = Path.of("target", "reliability", resources.suffix());
    // The processor runs while the block below loads, kills and checks; closing stops its JVM.
    ProcessorJvm processor =
        ProcessorJvm.start("processor", pipeline.processorSettings(stateDir), logs);
    try (processor;
        EvaluationWatch watch =
            EvaluationWatch.start(
                cluster.bootstrapServers(), stack.schemaRegistryUrl(), pipeline.topics());
        SteadyLoad load =
            SteadyLoad.start(
                cluster.bootstrapServers(),
                stack.schemaRegistryUrl(),
                pipeline.topics(),
                events,
                samples,
                LOAD_TIME)) {
      load.awaitSent(load.total() / 3, LIMIT);
      long killedAt = System.currentTimeMillis();
      cluster.kill(victim);
      load.awaitSent(2L * load.total() / 3, LIMIT);
      long restartedAt = System.currentTimeMillis();
      cluster.restart(victim);
      System.out.printf(
          "ClusterBrokerKillIT: node %d (the active controller, leading checkout's input"
              + " partition) killed, back %d ms later (restart took %d ms); controller now %d%n",
          victim,
          System.currentTimeMillis() - killedAt,
          System.currentTimeMillis() - restartedAt,
          cluster.activeController());

      load.awaitAcknowledged(LIMIT);
      pipeline.awaitBothInputsCaughtUp(LIMIT);
      OracleVerdict.assertExact(events, pipeline.published());
      assertReplicatedThreeTimes(
          cluster,
          name -> name.startsWith(pipeline.applicationId() + "-"),
          "the processor's changelogs",
          5);

      EvaluationWatch.Gaps gaps = watch.gaps(PageRuleOracle.SLO_ID, lastEventTime, killedAt);
      System.out.printf(
          "ClusterBrokerKillIT: %d evaluations seen; longest pause between two %d ms, from %+d ms"
              + " after the kill; pause spanning the kill %d ms; longest acknowledgement wait of"
              + " the load %d ms%n",
          gaps.evaluations(),
          gaps.longestMillis(),
          gaps.longestStartedAt() - killedAt,
          gaps.spanning(),
          load.longestAcknowledgementWait().toMillis());
      assertThat(Duration.ofMillis(gaps.longestMillis()))
          .as("the longest pause between two evaluations")
          .isLessThan(STALL_LIMIT);
    } finally {
      // The cluster is shared: leave it whole, the node back in every partition's ISR.
      if (!cluster.isRunning(victim)) {
        cluster.restart(victim);
      }
    }
    cluster.awaitInSync(LIMIT);
  }

  /**
   * Every topic {@code which} selects (at least {@code atLeast} of them) has three replicas, as the
   * cluster's default says.
   */
  private static void assertReplicatedThreeTimes(
      KafkaCluster cluster, Predicate<String> which, String what, int atLeast) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(
                  admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                      .filter(which)
                      .toList())
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(described).as(what).hasSizeGreaterThanOrEqualTo(atLeast);
      described.forEach(
          (name, topic) ->
              assertThat(topic.partitions())
                  .allSatisfy(p -> assertThat(p.replicas()).as("replicas of %s", name).hasSize(3)));
    }
  }

  /** The partition Kafka's default partitioner gives a record keyed {@code key}. */
  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
