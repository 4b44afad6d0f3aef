package io.slipstream.bench;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.ApicurioSchemaRegistry;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert latency and footprint on the real stack: a Kafka broker in its own JVM, the Apicurio
 * registry, and Slipstream's processor in this JVM. One 99.9 % SLO per service; every service gets
 * a clean history, then live traffic with event time = wall time, and each service in turn an
 * outage (100 % errors). For each outage: the wall time from the moment the page condition became
 * true for what had been produced ({@link IncidentLedger}) to the page arriving on {@code
 * slo-alerts} (read committed). Afterwards: the JVM's RSS and the state directory's size, then the
 * time to restore all state from the changelogs with the state directory deleted.
 *
 * <p>Usage: {@code AlertLatencyBenchmark [--services=20] [--rate=10] [--history-minutes=60]
 * [--stagger-seconds=7] [--doc=...]}
 */
public final class AlertLatencyBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(AlertLatencyBenchmark.class);
  private static final String APPLICATION_ID = "bench-alerting";
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);

  /** What to run. */
  record Options(
      int services,
      int ratePerSecond,
      Duration history,
      Duration stagger,
      Duration settle,
      Path out,
      Optional<Path> doc,
      String command) {
    static Options parse(String[] args) {
      Flags flags = Flags.parse(args, System.getProperties(), "bench.");
      return new Options(
          (int) flags.longValue("services", 20),
          (int) flags.longValue("rate", 10),
          Duration.ofMinutes(flags.longValue("history-minutes", 60)),
          flags.seconds("stagger-seconds", Duration.ofSeconds(7)),
          flags.seconds("settle-seconds", Duration.ZERO),
          Path.of(flags.string("out", "bench/target/alerting")),
          Optional.of(flags.string("doc", "")).filter(s -> !s.isBlank()).map(Path::of),
          flags.string("command", "bench/run-alerting.sh"));
    }
  }

  /**
   * One outage: when the page condition became true (wall time of producing the event that made it
   * true) and when the page arrived; -1 for what did not happen within the timeout.
   */
  record Incident(String service, long outageStart, long crossing, long pageArrival) {
    long latencyMillis() {
      return crossing < 0 || pageArrival < 0 ? -1 : pageArrival - crossing;
    }
  }

  /**
   * @param rssBytes resident set of this JVM (processor, producer, consumer) after the live phase
   * @param stateDirBytes bytes under the processor's state directory
   * @param simulatedMillis event time the state covers (history plus live phase)
   * @param restoreMillis from start() with no state directory until RUNNING
   * @param restoredRecords changelog records restored
   * @param storeBytes bytes on disk per store (all tasks), largest first
   */
  record Footprint(
      long rssBytes,
      long stateDirBytes,
      long simulatedMillis,
      long restoreMillis,
      long restoredRecords,
      Map<String, Long> storeBytes) {}

  record Outcome(List<Incident> incidents, Footprint footprint, long producedEvents) {}

  private AlertLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    double busyBefore = MachineLoad.awaitQuiet(0.2, Duration.ofSeconds(60));
    var load = MachineLoad.sample();
    Outcome outcome = run(options);
    double busy = MachineLoad.busyShare(load, MachineLoad.sample());
    String report =
        AlertLatencyReport.render(
            options, MachineInfo.describe(), outcome, busyBefore, busy, Instant.now());
    System.out.println(report);
    options.doc().ifPresent(doc -> AlertLatencyReport.SECTION.update(doc, report));
    System.exit(0);
  }

  static Outcome run(Options options) throws Exception {
    Path workDir = options.out().resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(workDir);
    Path stateDir = workDir.resolve("state");
    SloFleet fleet = new SloFleet(options.services(), 1, "30d");
    try (ChildBroker broker = ChildBroker.launch(workDir, List.of("-Xms512m", "-Xmx512m"));
        ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      String bootstrap = broker.awaitServing();
      Map<String, String> config =
          Map.of(
              StreamsConfig.APPLICATION_ID_CONFIG,
              APPLICATION_ID,
              StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
              bootstrap,
              StreamsConfig.STATE_DIR_CONFIG,
              stateDir.toString(),
              ProcessorConfig.SCHEMA_REGISTRY_URL,
              registry.url());
      Topics topics = Topics.defaults();
      List<Incident> incidents;
      long produced;
      long rss;
      long simulated;
      try (SlipstreamProcessor processor =
              new SlipstreamProcessor(
                  ProcessorConfig.of(config),
                  SliSettings.defaults(),
                  SloSettings.defaults().withSettle(options.settle()));
          KafkaProducer<String, RequestEvent> producer =
              eventProducer(bootstrap, registry.url(), topics)) {
        processor.start();
        defineSlos(bootstrap, topics, fleet);
        awaitTrue(
            () -> processor.registry().all().size() == fleet.slos(),
            CATCH_UP_TIMEOUT,
            "SLO definitions in force");
        List<IncidentLedger> ledgers = new ArrayList<>();
        for (int i = 0; i < fleet.slos(); i++) {
          ledgers.add(
              new IncidentLedger(
                  OpenSloParser.parse(SloFleet.sloId(i), fleet.yaml(i)).definitions().get(0)));
        }
        long liveStart = System.currentTimeMillis();
        long historyStart = liveStart - options.history().toMillis();
        produced = preload(producer, topics, ledgers, historyStart, liveStart, options);
        try (CommittedOffsets offsets =
            new CommittedOffsets(bootstrap, APPLICATION_ID, topics.requestEvents().name())) {
          long goal = produced;
          awaitTrue(() -> offsets.committed() >= goal, CATCH_UP_TIMEOUT, "history processed");
        }
        Map<String, Long> pages = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> readPages(bootstrap, registry.url(), topics, pages, stop));
        reader.setName("page reader");
        reader.start();
        LiveResult live = live(producer, topics, ledgers, pages, options);
        produced += live.produced();
        incidents = live.incidents();
        stop.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        rss = residentSetBytes();
        simulated = System.currentTimeMillis() - historyStart;
      }
      long stateBytes = directoryBytes(stateDir);
      Map<String, Long> storeBytes = storeBytes(stateDir);
      Footprint footprint = restore(config, stateDir, stateBytes, storeBytes, rss, simulated);
      return new Outcome(incidents, footprint, produced);
    }
  }

  private record LiveResult(List<Incident> incidents, long produced) {}

  private static long preload(
      KafkaProducer<String, RequestEvent> producer,
      Topics topics,
      List<IncidentLedger> ledgers,
      long from,
      long to,
      Options options) {
    long step = 1000 / options.ratePerSecond();
    long sent = 0;
    for (long t = from; t < to; t += step) {
      for (int i = 0; i < ledgers.size(); i++) {
        send(producer, topics, i, t, false);
        ledgers.get(i).record(t, false);
        sent++;
      }
    }
    producer.flush();
    LOG.info("history of {} events produced", sent);
    return sent;
  }

  /** Live traffic; service i's outage starts 10 s + i × stagger in. */
  private static LiveResult live(
      KafkaProducer<String, RequestEvent> producer,
      Topics topics,
      List<IncidentLedger> ledgers,
      Map<String, Long> pages,
      Options options)
      throws InterruptedException {
    long step = 1000 / options.ratePerSecond();
    long begin = System.currentTimeMillis();
    int n = ledgers.size();
    long[] outageStart = new long[n];
    long[] crossing = new long[n];
    for (int i = 0; i < n; i++) {
      outageStart[i] = begin + 10_000 + i * options.stagger().toMillis();
      crossing[i] = -1;
    }
    long deadline = outageStart[n - 1] + PAGE_TIMEOUT.toMillis();
    long sent = 0;
    long next = begin;
    while (pages.size() < n && System.currentTimeMillis() < deadline) {
      long now = System.currentTimeMillis();
      if (now < next) {
        TimeUnit.MILLISECONDS.sleep(next - now);
        continue;
      }
      next += step;
      for (int i = 0; i < n; i++) {
        boolean bad = now >= outageStart[i];
        send(producer, topics, i, now, bad);
        ledgers.get(i).record(now, bad);
        sent++;
        if (bad && crossing[i] < 0 && ledgers.get(i).pageHolds(now)) {
          crossing[i] = now;
        }
      }
      producer.flush();
    }
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      incidents.add(
          new Incident(
              SloFleet.service(i),
              outageStart[i],
              crossing[i],
              pages.getOrDefault(SloFleet.sloId(i), -1L)));
    }
    return new LiveResult(incidents, sent);
  }

  private static void send(
      KafkaProducer<String, RequestEvent> producer,
      Topics topics,
      int service,
      long t,
      boolean bad) {
    RequestEvent event = SloFleet.request(service, t, bad);
    producer.send(
        new ProducerRecord<>(topics.requestEvents().name(), null, t, event.getService(), event));
  }

  private static void readPages(
      String bootstrap,
      String registryUrl,
      Topics topics,
      Map<String, Long> pages,
      AtomicBoolean stop) {
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "bench-page-reader",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, SloAlert> consumer =
        new KafkaConsumer<>(
            props,
            topics.sloAlerts().keyDeserializer(serdeConfig),
            topics.sloAlerts().valueDeserializer(serdeConfig))) {
      consumer.subscribe(List.of(topics.sloAlerts().name()));
      while (!stop.get()) {
        for (ConsumerRecord<String, SloAlert> record : consumer.poll(Duration.ofMillis(50))) {
          long arrived = System.currentTimeMillis();
          SloAlert alert = record.value();
          if (alert.getSeverity() == Severity.PAGE && alert.getState() == AlertState.FIRING) {
            pages.putIfAbsent(alert.getSloId(), arrived);
          }
        }
      }
    }
  }

  private static KafkaProducer<String, RequestEvent> eventProducer(
      String bootstrap, String registryUrl, Topics topics) {
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    return new KafkaProducer<>(
        props,
        topics.requestEvents().keySerializer(serdeConfig),
        topics.requestEvents().valueSerializer(serdeConfig));
  }

  private static void defineSlos(String bootstrap, Topics topics, SloFleet fleet) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            topics.sloDefinitions().keySerializer(Map.of()),
            topics.sloDefinitions().valueSerializer(Map.of()))) {
      for (int i = 0; i < fleet.slos(); i++) {
        producer.send(
            new ProducerRecord<>(topics.sloDefinitions().name(), SloFleet.sloId(i), fleet.yaml(i)));
      }
    }
  }

  /** Deletes the state directory and times a fresh instance until it is RUNNING again. */
  private static Footprint restore(
      Map<String, String> config,
      Path stateDir,
      long stateBytes,
      Map<String, Long> storeBytes,
      long rss,
      long simulated)
      throws InterruptedException {
    Utils.closeQuietly(() -> Utils.delete(stateDir.toFile()), "state dir");
    RestoreCount restored = new RestoreCount();
    try (SlipstreamProcessor processor =
        new SlipstreamProcessor(ProcessorConfig.of(config), SliSettings.defaults())) {
      processor.streams().setGlobalStateRestoreListener(restored);
      long began = System.nanoTime();
      processor.start();
      awaitTrue(
          () -> processor.streams().state() == KafkaStreams.State.RUNNING && restored.isIdle(),
          CATCH_UP_TIMEOUT,
          "state restored");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      LOG.info("restored {} records in {} ms", restored.records(), millis);
      return new Footprint(rss, stateBytes, simulated, millis, restored.records(), storeBytes);
    }
  }

  private static void awaitTrue(
      java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  static long residentSetBytes() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
          .findFirst()
          .orElse(-1L);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long directoryBytes(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(AlertLatencyBenchmark::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bytes per store. Under {@code <application>/<task>/} Kafka Streams keeps key-value stores in
   * {@code rocksdb/<store>/} and segmented window stores in {@code <store>/<store>.<segment>/};
   * files directly in the task directory (checkpoints, locks) belong to no store.
   */
  static Map<String, Long> storeBytes(Path stateDir) {
    Map<String, Long> bytes = new java.util.TreeMap<>();
    if (!Files.exists(stateDir)) {
      return bytes;
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                Path relative = stateDir.relativize(file);
                if (relative.getNameCount() < 4) {
                  return;
                }
                String store = relative.getName(2).toString();
                if (store.equals("rocksdb")) {
                  store = relative.getName(3).toString();
                }
                bytes.merge(store, size(file), Long::sum);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // a RocksDB file removed while walking: not state any more
    }
  }
}
