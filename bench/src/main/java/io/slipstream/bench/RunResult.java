package io.slipstream.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The outcome of timing one variant.
 *
 * @param variant what ran
 * @param topicRecords records in the input topic
 * @param processedRecords records consumed (plain consumer) or committed (Streams) when the clock
 *     stopped
 * @param elapsedNanos from start (before the first poll or {@code KafkaStreams.start()}) until the
 *     clock stopped: caught up, or capped
 * @param firstCommitNanos when progress was first observed (the first commit), from start; 0 when
 *     not tracked
 * @param firstCommitRecords records committed at that first observation
 * @param cap why the run stopped before catching up, or empty when it caught up
 * @param rejectedRecords records the topology dead-lettered (Slipstream only; -1 when unknown)
 * @param cpuNanos CPU time of the variant's JVM (all its threads) while the clock ran
 * @param brokerCpuNanos CPU time of the broker's JVM while the variant's JVM lived; -1 when unknown
 * @param machineBusyShare share of all cores busy (any process) while the clock ran; NaN when
 *     unknown
 * @param busyBeforeShare share of all cores busy just before the variant's JVM started, with only
 *     the idle broker and registry running: other work on the machine; NaN when not measured
 */
record RunResult(
    Variant variant,
    long topicRecords,
    long processedRecords,
    long elapsedNanos,
    long firstCommitNanos,
    long firstCommitRecords,
    String cap,
    long rejectedRecords,
    long cpuNanos,
    long brokerCpuNanos,
    double machineBusyShare,
    double busyBeforeShare) {

  /** Whether the run stopped before catching up (its rate is extrapolated from the part it did). */
  boolean capped() {
    return !cap.isEmpty();
  }

  double elapsedSeconds() {
    return elapsedNanos / 1e9;
  }

  /** Records per second over the whole run, start-up included. */
  double eventsPerSecond() {
    return processedRecords / elapsedSeconds();
  }

  /**
   * Records per second between the first and the last observed commit: the rate without start-up
   * (group join, task and store initialisation), or NaN when there is no such interval.
   */
  double steadyEventsPerSecond() {
    long nanos = elapsedNanos - firstCommitNanos;
    long records = processedRecords - firstCommitRecords;
    return firstCommitNanos <= 0 || nanos <= 0 || records <= 0
        ? Double.NaN
        : records / (nanos / 1e9);
  }

  /** CPU microseconds the variant's JVM spent per record. */
  double cpuMicrosPerRecord() {
    return cpuNanos / 1e3 / processedRecords;
  }

  /** CPU microseconds the broker spent per record, or NaN when unknown. */
  double brokerCpuMicrosPerRecord() {
    return brokerCpuNanos < 0 ? Double.NaN : brokerCpuNanos / 1e3 / processedRecords;
  }

  /** The variant JVM's CPU time as a share of all cores while the clock ran. */
  double cpuShare(int cores) {
    return (double) cpuNanos / elapsedNanos / cores;
  }

  /** This result with what the harness measured around the variant's JVM. */
  RunResult withSurroundings(long brokerCpu, double busyBefore) {
    return new RunResult(
        variant,
        topicRecords,
        processedRecords,
        elapsedNanos,
        firstCommitNanos,
        firstCommitRecords,
        cap,
        rejectedRecords,
        cpuNanos,
        brokerCpu,
        machineBusyShare,
        busyBefore);
  }

  void writeTo(Path file) {
    Properties properties = new Properties();
    properties.setProperty("variant", variant.id());
    properties.setProperty("topicRecords", Long.toString(topicRecords));
    properties.setProperty("processedRecords", Long.toString(processedRecords));
    properties.setProperty("elapsedNanos", Long.toString(elapsedNanos));
    properties.setProperty("firstCommitNanos", Long.toString(firstCommitNanos));
    properties.setProperty("firstCommitRecords", Long.toString(firstCommitRecords));
    properties.setProperty("cap", cap);
    properties.setProperty("rejectedRecords", Long.toString(rejectedRecords));
    properties.setProperty("cpuNanos", Long.toString(cpuNanos));
    properties.setProperty("brokerCpuNanos", Long.toString(brokerCpuNanos));
    properties.setProperty("machineBusyShare", Double.toString(machineBusyShare));
    properties.setProperty("busyBeforeShare", Double.toString(busyBeforeShare));
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, "throughput run result");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static RunResult readFrom(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new RunResult(
        Variant.fromId(properties.getProperty("variant")),
        Long.parseLong(properties.getProperty("topicRecords")),
        Long.parseLong(properties.getProperty("processedRecords")),
        Long.parseLong(properties.getProperty("elapsedNanos")),
        Long.parseLong(properties.getProperty("firstCommitNanos")),
        Long.parseLong(properties.getProperty("firstCommitRecords")),
        properties.getProperty("cap", ""),
        Long.parseLong(properties.getProperty("rejectedRecords")),
        Long.parseLong(properties.getProperty("cpuNanos")),
        Long.parseLong(properties.getProperty("brokerCpuNanos", "-1")),
        Double.parseDouble(properties.getProperty("machineBusyShare", "NaN")),
        Double.parseDouble(properties.getProperty("busyBeforeShare", "NaN")));
  }
}
