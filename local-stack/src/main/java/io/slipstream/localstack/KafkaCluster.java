package io.slipstream.localstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Kafka cluster on 127.0.0.1: N nodes (default 3), each a KRaft server in a JVM
 * of its own with its own ports and log directory under one temporary directory.
 *
 * <p>Layout: the first three nodes (all of them, if fewer) are combined broker and controller nodes
 * forming a static controller quorum; further nodes are brokers only. Combined nodes need half the
 * JVMs of separate controllers (start-up time and memory on a small machine), and killing one then
 * takes a broker and a controller voter at once: the quorum elects a new leader (2 of 3 voters
 * remain) while the partitions the node led elect theirs. A quorum of fewer than three voters does
 * not survive the loss of a controller.
 *
 * <p>Replication, as a production cluster has it: topics, consumer offsets and transaction state
 * with replication factor 3 and {@code min.insync.replicas=2} (with fewer nodes: as many replicas
 * as nodes, and at most that many in-sync replicas required). A killed node is fenced by the
 * controller after 4 s without heartbeats (Kafka's default is 9 s), which bounds how long writes
 * wait for it; see {@link KafkaClusterProperties}.
 *
 * <p>Start-up: the nodes start in parallel; three take 4–5 s on a quiet two-core machine, 7–8 s on
 * a busy one ({@link #startupTime()}). Each node has a 384 MB heap.
 *
 * <p>Faults: {@link #kill(int)} ends a node with SIGKILL (no shutdown, nothing flushed by the
 * process; what it wrote is in the page cache, so this is a process crash, not a power loss);
 * {@link #stop(int)} shuts it down cleanly (controlled shutdown: its leaderships move first);
 * {@link #restart(int)} starts it again on the same ports and log directory and waits until it is
 * back in the cluster.
 *
 * <p>No node outlives this object: {@link #close()} kills them all and deletes the directory, a
 * shutdown hook does the same when the JVM exits without closing, and a node whose parent JVM is
 * killed outright halts when its standard input ends ({@link KafkaClusterNode}). Every wait is
 * bounded. Lifecycle methods are synchronized and block until done.
 */
public final class KafkaCluster implements AutoCloseable {

  /** Nodes of {@link #start()} and the builder's default. */
  public static final int DEFAULT_NODES = 3;

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
  private static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final String HEAP = "-Xmx384m";

  private final Path workDir;
  private final String clusterId;
  private final String classpath;
  private final List<NodeHandle> nodes;
  private final int replicationFactor;
  private final int minInsyncReplicas;
  private final Duration readinessTimeout;
  private final Thread shutdownHook;
  private Duration startupTime = Duration.ZERO;
  private boolean closed;

  /** A node: its fixed identity and files, and its process while it runs. */
  private static final class NodeHandle {
    final KafkaClusterProperties.Node node;
    final Path directory;
    final Path propertiesFile;
    final Path logFile;
    ChildProcess process;

    NodeHandle(KafkaClusterProperties.Node node, Path directory) {
      this.node = node;
      this.directory = directory;
      this.propertiesFile = directory.resolve("server.properties");
      this.logFile = directory.resolve("node.log");
    }

    boolean running() {
      return process != null;
    }
  }

  private KafkaCluster(
      Path workDir,
      String clusterId,
      String classpath,
      List<NodeHandle> nodes,
      int replicationFactor,
      int minInsyncReplicas,
      Duration readinessTimeout) {
    this.workDir = workDir;
    this.clusterId = clusterId;
    this.classpath = classpath;
    this.nodes = List.copyOf(nodes);
    this.replicationFactor = replicationFactor;
    this.minInsyncReplicas = minInsyncReplicas;
    this.readinessTimeout = readinessTimeout;
    this.shutdownHook = new Thread(this::closeAtExit, "stop-kafka-cluster");
  }

  /** Returns a builder with the defaults: 3 nodes, no racks, topic auto-creation on. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a cluster with the defaults of {@link #builder()}.
   *
   * @throws IllegalStateException if it is not ready within 60 s (the message holds the end of the
   *     log of a node that exited)
   */
  public static KafkaCluster start() {
    return builder().start();
  }

  /** Returns {@code 127.0.0.1:<port>} of every node, comma-separated, in node id order. */
  public String bootstrapServers() {
    return nodes.stream().map(h -> h.node.brokerAddress()).collect(Collectors.joining(","));
  }

  /**
   * Returns {@code 127.0.0.1:<port>} of one node's client listener; the same across restarts.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public String bootstrapServers(int nodeId) {
    return handle(nodeId).node.brokerAddress();
  }

  /** Returns the node ids, 1 to N. */
  public List<Integer> nodeIds() {
    return nodes.stream().map(h -> h.node.id()).toList();
  }

  /** Returns the replication factor of new topics and of the internal topics. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /** Returns the cluster's {@code min.insync.replicas}. */
  public int minInsyncReplicas() {
    return minInsyncReplicas;
  }

  /** Returns the node's {@code broker.rack}, if it has one. */
  public Optional<String> rack(int nodeId) {
    return handle(nodeId).node.rack();
  }

  /** Returns how long {@link Builder#start()} took, from launching the JVMs until all serve. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Returns the file the node's JVM writes its output to (kept across restarts). */
  public Path logFile(int nodeId) {
    return handle(nodeId).logFile;
  }

  /**
   * Returns the process id of the node's JVM.
   *
   * @throws IllegalStateException if it is not running
   */
  public synchronized long pid(int nodeId) {
    return running(nodeId).process.pid();
  }

  /** Returns whether the node's process runs (it is started and not killed or stopped). */
  public synchronized boolean isRunning(int nodeId) {
    return handle(nodeId).running();
  }

  /**
   * Ends the node's JVM with SIGKILL, as a crash would, and waits until it is gone. The other nodes
   * notice when its heartbeats stop (after at most 4 s it is fenced and its partitions have new
   * leaders).
   *
   * @throws IllegalStateException if it is not running, or still alive 5 s after SIGKILL
   */
  public synchronized void kill(int nodeId) {
    NodeHandle handle = running(nodeId);
    long startNanos = System.nanoTime();
    long pid = handle.process.pid();
    try {
      handle.process.kill();
    } finally {
      handle.process = null;
    }
    LOG.info("Kafka node {} (pid {}) killed in {} ms", nodeId, pid, millisSince(startNanos));
  }

  /**
   * Shuts the node down cleanly (SIGTERM: its partition leaderships move to the other nodes before
   * it stops; SIGKILL after 10 s) and waits until it is gone.
   *
   * @throws IllegalStateException if it is not running, or still alive 5 s after SIGKILL
   */
  public synchronized void stop(int nodeId) {
    NodeHandle handle = running(nodeId);
    try {
      handle.process.close();
    } finally {
      handle.process = null;
    }
  }

  /**
   * Starts a killed or stopped node again on the same ports and log directory, so it keeps its
   * replicas and catches up from the leaders, and waits until the cluster lists it as a serving
   * broker (it has caught up with the metadata and is no longer fenced). Its replicas may still be
   * catching up then; {@link #awaitInSync(Duration)} waits for that.
   *
   * @throws IllegalStateException if it is running or the cluster is closed, or it is not back
   *     within the readiness timeout (60 s by default)
   */
  public synchronized void restart(int nodeId) {
    if (closed) {
      throw new IllegalStateException("the Kafka cluster is closed");
    }
    NodeHandle handle = handle(nodeId);
    if (handle.running()) {
      throw new IllegalStateException("Kafka node " + nodeId + " is running");
    }
    long startNanos = System.nanoTime();
    launch(handle);
    awaitServing(List.of(handle), "node " + nodeId + " restarted");
    LOG.info("Kafka node {} back in the cluster in {} ms", nodeId, millisSince(startNanos));
  }

  /**
   * Returns the node id of the active controller (the leader of the controller quorum).
   *
   * @throws IllegalStateException if the cluster does not answer within 10 s
   */
  public int activeController() {
    try (Admin admin = newAdmin()) {
      return admin
          .describeMetadataQuorum()
          .quorumInfo()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .leaderId();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not describe the controller quorum", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the controller quorum", e);
    }
  }

  /**
   * Returns the node id leading a partition, or empty while it has no leader.
   *
   * @throws IllegalStateException if the topic cannot be described within 10 s
   */
  public OptionalInt leaderOf(String topic, int partition) {
    try (Admin admin = newAdmin()) {
      int leader = leaderOf(admin, new TopicPartition(topic, partition));
      return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
    }
  }

  /**
   * Makes {@code nodeId} the leader of a partition it holds a replica of: puts it first in the
   * partition's replica list (no data moves) and runs a preferred leader election, then waits until
   * it leads. A test can so choose which node leads what before it kills one.
   *
   * @throws IllegalArgumentException if the node holds no replica of the partition
   * @throws IllegalStateException if the node does not lead it within 30 s
   */
  public void makeLeader(String topic, int partition, int nodeId) {
    TopicPartition topicPartition = new TopicPartition(topic, partition);
    try (Admin admin = newAdmin()) {
      List<Integer> replicas =
          describe(admin, List.of(topic)).get(topic).partitions().get(partition).replicas().stream()
              .map(Node::id)
              .collect(Collectors.toCollection(ArrayList::new));
      if (!replicas.remove(Integer.valueOf(nodeId))) {
        throw new IllegalArgumentException(
            "node " + nodeId + " holds no replica of " + topicPartition + ": " + replicas);
      }
      replicas.add(0, nodeId);
      admin
          .alterPartitionReassignments(
              Map.of(topicPartition, Optional.of(new NewPartitionReassignment(replicas))))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (leaderOf(admin, topicPartition) != nodeId) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "node " + nodeId + " does not lead " + topicPartition + " after 30 s");
        }
        try {
          admin
              .electLeaders(ElectionType.PREFERRED, Set.of(topicPartition))
              .all()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          // Not needed (it leads already) or not yet possible (the reassignment is still being
          // applied): look again.
          LOG.debug(
              "preferred leader election for {}: {}", topicPartition, e.getCause().toString());
        }
        pause(100);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not move the leadership of " + topicPartition, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while moving a leadership", e);
    }
  }

  private static int leaderOf(Admin admin, TopicPartition topicPartition) {
    Node leader =
        describe(admin, List.of(topicPartition.topic()))
            .get(topicPartition.topic())
            .partitions()
            .get(topicPartition.partition())
            .leader();
    return leader == null || leader.isEmpty() ? -1 : leader.id();
  }

  /**
   * Waits until every partition of every topic, internal ones included, has all its replicas in
   * sync: after {@link #restart(int)}, the node has caught up everywhere.
   *
   * @throws IllegalStateException naming a partition still short of replicas after {@code timeout}
   */
  public void awaitInSync(Duration timeout) {
    long startNanos = System.nanoTime();
    long deadline = startNanos + timeout.toNanos();
    String lagging;
    try (Admin admin = newAdmin()) {
      while (true) {
        lagging = firstPartitionOutOfSync(admin);
        if (lagging == null) {
          LOG.info("every partition in sync after {} ms", millisSince(startNanos));
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "not every replica in sync within " + timeout + "; first lagging: " + lagging);
        }
        pause(100);
      }
    }
  }

  /**
   * Kills every node and deletes the cluster's directory. SIGKILL rather than a clean shutdown: the
   * data is deleted anyway, and the last nodes of a cluster stopping cleanly wait for a quorum that
   * is going away. Idempotent.
   *
   * @throws IllegalStateException if a node survives SIGKILL (the others are killed all the same)
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook itself; closing twice is harmless.
      LOG.debug("JVM shutdown in progress; the hook stops the Kafka cluster too");
    }
    RuntimeException failure = killAll();
    deleteWorkDir();
    if (failure != null) {
      throw failure;
    }
    LOG.info("Kafka cluster {} closed", clusterId);
  }

  /** At JVM exit without {@link #close()}: the nodes go, and so does the directory. */
  private void closeAtExit() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    killAll();
    deleteWorkDir();
  }

  private RuntimeException killAll() {
    RuntimeException failure = null;
    for (NodeHandle handle : nodes) {
      if (handle.process == null) {
        continue;
      }
      try {
        handle.process.kill();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      } finally {
        handle.process = null;
      }
    }
    return failure;
  }

  private void deleteWorkDir() {
    try {
      TempDirectories.deleteRecursively(workDir);
    } catch (UncheckedIOException e) {
      // Leftovers in the temp dir are not worth failing a test run for; say where they are.
      LOG.warn("Could not delete the Kafka cluster's directory {}", workDir, e);
    }
  }

  private NodeHandle handle(int nodeId) {
    if (nodeId < 1 || nodeId > nodes.size()) {
      throw new IllegalArgumentException(
          "no Kafka node " + nodeId + "; the nodes are 1 to " + nodes.size());
    }
    return nodes.get(nodeId - 1);
  }

  private NodeHandle running(int nodeId) {
    NodeHandle handle = handle(nodeId);
    if (!handle.running()) {
      throw new IllegalStateException("Kafka node " + nodeId + " is not running");
    }
    return handle;
  }

  private void launch(NodeHandle handle) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    // Few threads on a small machine; young collections of a 384 MB heap pause for milliseconds.
    command.add("-XX:+UseSerialGC");
    // Only the C1 compiler: three nodes starting at once on two cores spend 45 % less CPU (8 s
    // instead of 15 s in all, measured) and start in about half the time; a test's load does not
    // need C2's peak speed.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.io.tmpdir=" + handle.directory);
    command.add("-Dlogback.configurationFile=" + handle.directory.resolve("logback.xml"));
    command.add("-cp");
    command.add(classpath);
    command.add(KafkaClusterNode.class.getName());
    command.add(handle.propertiesFile.toString());
    command.add(clusterId);
    handle.process =
        ChildProcess.start(
            "kafka-node-" + handle.node.id(),
            command,
            handle.directory,
            ApicurioSchemaRegistry.childEnvironment(System.getenv()),
            handle.logFile,
            () -> {});
  }

  /** Waits until the cluster lists every one of {@code handles} as an unfenced broker. */
  private void awaitServing(Collection<NodeHandle> handles, String what) {
    Set<Integer> expected =
        handles.stream().map(h -> h.node.id()).collect(Collectors.toCollection(TreeSet::new));
    long deadline = System.nanoTime() + readinessTimeout.toNanos();
    Set<Integer> serving = Set.of();
    Exception lastFailure = null;
    awaitListening(handles, deadline, what);
    try (Admin admin = newAdmin()) {
      while (true) {
        for (NodeHandle handle : handles) {
          if (!handle.process.isAlive()) {
            throw new IllegalStateException(
                "Kafka node "
                    + handle.node.id()
                    + " exited with code "
                    + handle.process.exitValue()
                    + " before "
                    + what
                    + "; its log ends with:\n"
                    + tail(handle.logFile));
          }
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
          throw new IllegalStateException(
              "Kafka nodes "
                  + expected
                  + " not serving within "
                  + readinessTimeout
                  + " ("
                  + what
                  + "); serving: "
                  + serving,
              lastFailure);
        }
        DescribeClusterOptions options =
            new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMillis, 2_000));
        try {
          // Fenced brokers are left out of the answer: listed means caught up and serving. A node
          // killed moments ago may still be listed until it is fenced, so each one must also
          // answer a request of its own: only a running process does.
          serving =
              admin.describeCluster(options).nodes().get().stream()
                  .map(Node::id)
                  .collect(Collectors.toCollection(TreeSet::new));
          if (serving.containsAll(expected)) {
            admin
                .describeLogDirs(
                    expected, new DescribeLogDirsOptions().timeoutMs(options.timeoutMs()))
                .allDescriptions()
                .get();
            return;
          }
        } catch (ExecutionException e) {
          lastFailure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for Kafka nodes", e);
        }
        pause(50);
      }
    }
  }

  /**
   * Waits until every node accepts connections on its client port: a Kafka client asked to connect
   * earlier logs a warning for every refused attempt.
   */
  private void awaitListening(Collection<NodeHandle> handles, long deadline, String what) {
    for (NodeHandle handle : handles) {
      while (true) {
        if (!handle.process.isAlive()) {
          return; // awaitServing reports it, with the node's log
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", handle.node.brokerPort()), 200);
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka node "
                    + handle.node.id()
                    + " not listening on "
                    + handle.node.brokerAddress()
                    + " within "
                    + readinessTimeout
                    + " ("
                    + what
                    + ")",
                e);
          }
          pause(50);
        }
      }
    }
  }

  private String firstPartitionOutOfSync(Admin admin) {
    try {
      Set<String> topics =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      for (TopicDescription topic : describe(admin, topics).values()) {
        for (TopicPartitionInfo partition : topic.partitions()) {
          if (partition.isr().size() < partition.replicas().size()) {
            return topic.name() + "-" + partition.partition() + " " + partition;
          }
        }
      }
      return null;
    } catch (ExecutionException | TimeoutException | IllegalStateException e) {
      return "(the cluster did not answer: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for replicas", e);
    }
  }

  private static Map<String, TopicDescription> describe(Admin admin, Collection<String> topics) {
    try {
      return admin
          .describeTopics(topics)
          .allTopicNames()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not describe topics " + topics, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topics " + topics, e);
    }
  }

  private Admin newAdmin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    // Nodes that are starting or gone refuse connections; try again soon rather than after 1 s.
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    return Admin.create(config);
  }

  private static void pause(long millis) {
    try {
      // Between polls of a cluster that is changing; each poll is bounded by its own timeout.
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", e);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Returns the last 40 lines of a node's log, for error messages. */
  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(could not read the log: " + e + ")";
    }
  }

  /**
   * The logging of a node's JVM, when Logback is on the class path: warnings, plus the lines that
   * tell what the cluster did (start, controller elections, fencing, leadership changes).
   */
  private static final String NODE_LOGGING =
      String.join(
          "\n",
          "<configuration>",
          "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
          "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n"
              + "</pattern></encoder>",
          "  </appender>",
          "  <logger name=\"io.slipstream\" level=\"INFO\"/>",
          "  <logger name=\"kafka.server.KafkaRaftServer\" level=\"INFO\"/>",
          "  <logger name=\"org.apache.kafka.raft.QuorumState\" level=\"INFO\"/>",
          "  <logger name=\"org.apache.kafka.controller.BrokerHeartbeatManager\" level=\"INFO\"/>",
          "  <logger name=\"org.apache.kafka.controller.ReplicationControlManager\""
              + " level=\"INFO\"/>",
          "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>",
          "</configuration>",
          "");

  /**
   * The class path with every entry made absolute: the nodes run in their own directories, and a
   * launcher may have given this JVM relative entries.
   */
  static String absolute(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Options of a {@link KafkaCluster}; {@link #start()} creates and starts one. */
  public static final class Builder {

    private int nodeCount = DEFAULT_NODES;
    private final Map<Integer, String> racks = new HashMap<>();
    private Integer replicationFactor;
    private Integer minInsyncReplicas;
    private boolean autoCreateTopics = true;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration readinessTimeout = DEFAULT_READINESS_TIMEOUT;
    private String classpath = System.getProperty("java.class.path");

    private Builder() {}

    /** How many nodes (default 3); the first three form the controller quorum. */
    public Builder nodes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a cluster needs at least one node, was " + count);
      }
      this.nodeCount = count;
      return this;
    }

    /** Sets the node's {@code broker.rack}; consumers naming their rack then read from it. */
    public Builder rack(int nodeId, String rack) {
      racks.put(nodeId, rack);
      return this;
    }

    /** Replication factor of new and internal topics (default: 3, or the node count if less). */
    public Builder replicationFactor(int replicas) {
      this.replicationFactor = replicas;
      return this;
    }

    /**
     * The cluster's {@code min.insync.replicas}, also the transaction state's (default: 2, or the
     * replication factor if less).
     */
    public Builder minInsyncReplicas(int replicas) {
      this.minInsyncReplicas = replicas;
      return this;
    }

    /** Whether producing to or asking metadata for an unknown topic creates it (default true). */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** Sets a server property on every node; applied last, over this class's settings. */
    public Builder brokerProperty(String name, String value) {
      brokerProperties.put(name, value);
      return this;
    }

    /** How long {@link #start()} and {@code restart} wait for nodes to serve (default 60 s). */
    public Builder readinessTimeout(Duration timeout) {
      this.readinessTimeout = timeout;
      return this;
    }

    /**
     * The class path of the nodes' JVMs (default: this JVM's, {@code java.class.path}); it must
     * hold this module and the Kafka server ({@code kafka_2.13} and its dependencies).
     */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /**
     * Writes each node's configuration, launches the nodes in parallel and waits until every one
     * serves as a broker.
     *
     * @throws IllegalArgumentException if the replication or a rack does not fit the nodes
     * @throws IllegalStateException if a node exits or the cluster is not ready in time; the nodes
     *     are killed and the directory deleted in that case
     */
    public KafkaCluster start() {
      for (int nodeId : racks.keySet()) {
        if (nodeId < 1 || nodeId > nodeCount) {
          throw new IllegalArgumentException(
              "a rack for node " + nodeId + ", but the nodes are 1 to " + nodeCount);
        }
      }
      int replicas = replicationFactor != null ? replicationFactor : Math.min(3, nodeCount);
      int minIsr = minInsyncReplicas != null ? minInsyncReplicas : Math.min(2, replicas);
      long startNanos = System.nanoTime();
      Path workDir = TempDirectories.create("slipstream-kafka-cluster-");
      List<KafkaClusterProperties.Node> layout = new ArrayList<>();
      List<NodeHandle> handles = new ArrayList<>();
      for (int id = 1; id <= nodeCount; id++) {
        Path directory = workDir.resolve("node-" + id);
        layout.add(
            new KafkaClusterProperties.Node(
                id,
                FreePorts.pickLoopbackPort(),
                FreePorts.pickLoopbackPort(),
                directory.resolve("logs"),
                Optional.ofNullable(racks.get(id))));
      }
      try {
        for (KafkaClusterProperties.Node node : layout) {
          NodeHandle handle = new NodeHandle(node, workDir.resolve("node-" + node.id()));
          Files.createDirectories(node.logDir());
          try (OutputStream out = Files.newOutputStream(handle.propertiesFile)) {
            KafkaClusterProperties.build(
                    node, layout, replicas, minIsr, autoCreateTopics, brokerProperties)
                .store(out, "Slipstream Kafka cluster node " + node.id());
          }
          Files.writeString(handle.directory.resolve("logback.xml"), NODE_LOGGING);
          handles.add(handle);
        }
      } catch (IOException e) {
        TempDirectories.deleteRecursively(workDir);
        throw new UncheckedIOException("Could not write the Kafka cluster's configuration", e);
      } catch (RuntimeException e) {
        TempDirectories.deleteRecursively(workDir);
        throw e;
      }
      KafkaCluster cluster =
          new KafkaCluster(
              workDir,
              Uuid.randomUuid().toString(),
              absolute(classpath),
              handles,
              replicas,
              minIsr,
              readinessTimeout);
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      try {
        synchronized (cluster) {
          handles.forEach(cluster::launch);
          cluster.awaitServing(handles, "the cluster started");
          cluster.startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        }
      } catch (RuntimeException e) {
        try {
          cluster.close();
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
        throw e;
      }
      LOG.info(
          "Kafka cluster of {} nodes ready at {} in {} ms (replication factor {}, min ISR {},"
              + " directory {})",
          nodeCount,
          cluster.bootstrapServers(),
          cluster.startupTime.toMillis(),
          replicas,
          minIsr,
          workDir);
      return cluster;
    }
  }
}
