package io.slipstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording as markdown: where the CPU samples of Java code fall (by thread kind,
 * by library, by top method, and inclusive by method of the code under test), what the stream
 * threads do in native code, the top allocation sites, and GC pauses. JDK 17 has no {@code jfr view
 * hot-methods}; this is that, plus the breakdowns the report needs.
 *
 * <p>Usable on its own: {@code java -cp ... io.slipstream.bench.JfrHotMethods <file.jfr>}.
 */
public final class JfrHotMethods {
  private static final int TOP = 25;

  /** Library buckets for the top frame of a sample, first prefix match wins. */
  private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("io.slipstream.", "Slipstream");
    LIBRARIES.put("com.datadoghq.sketch.", "DDSketch");
    LIBRARIES.put("org.apache.avro.", "Avro");
    LIBRARIES.put("org.rocksdb.", "RocksDB (JNI wrapper)");
    LIBRARIES.put("org.apache.kafka.streams.", "Kafka Streams");
    LIBRARIES.put("org.apache.kafka.clients.", "Kafka clients");
    LIBRARIES.put("org.apache.kafka.common.", "Kafka common (records, compression, network)");
    LIBRARIES.put("net.jpountz.", "lz4");
    LIBRARIES.put("java.util.", "java.util (collections, hashing)");
    LIBRARIES.put("java.lang.", "java.lang");
    LIBRARIES.put("java.", "other JDK");
    LIBRARIES.put("jdk.", "other JDK");
    LIBRARIES.put("sun.", "other JDK");
  }

  private JfrHotMethods() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: JfrHotMethods <recording.jfr>");
      System.exit(2);
    }
    System.out.println(summarize(Path.of(args[0])));
  }

  /**
   * @throws UncheckedIOException if the recording cannot be read
   */
  static String summarize(Path recording) {
    Counter byThread = new Counter();
    Counter byLibrary = new Counter();
    Counter selfMethods = new Counter();
    Counter inclusiveMethods = new Counter();
    Counter nativeTop = new Counter();
    Counter allocations = new Counter();
    long samples = 0;
    long gcPauses = 0;
    Duration gcPauseTime = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
              continue;
            }
            samples++;
            byThread.add(threadKind(event.getThread("sampledThread")), 1);
            List<RecordedFrame> frames = stack.getFrames();
            String top = method(frames.get(0));
            selfMethods.add(top, 1);
            byLibrary.add(library(top), 1);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
              String name = method(frame);
              if (isCodeUnderTest(name) && seen.add(name)) {
                inclusiveMethods.add(name, 1);
              }
            }
          }
          case "jdk.NativeMethodSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack != null
                && !stack.getFrames().isEmpty()
                && "stream thread".equals(threadKind(event.getThread("sampledThread")))) {
              nativeTop.add(method(stack.getFrames().get(0)), 1);
            }
          }
          case "jdk.ObjectAllocationSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack != null) {
              allocations.add(firstNonJdkMethod(stack.getFrames()), event.getLong("weight"));
            }
          }
          case "jdk.GarbageCollection" -> {
            gcPauses++;
            Duration pause = event.getDuration("sumOfPauses");
            gcPauseTime = gcPauseTime.plus(pause);
            if (pause.compareTo(longestPause) > 0) {
              longestPause = pause;
            }
          }
          default -> {
            // Other events of the profile settings are not summarized.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + recording, e);
    }
    StringBuilder out = new StringBuilder();
    out.append("Java execution samples: ")
        .append(samples)
        .append(" (threads running Java code; sampling period ")
        .append(VariantMain.SAMPLE_PERIOD_MILLIS)
        .append(" ms requested)\n\n");
    table(out, "By thread", "thread", byThread, samples, 10);
    table(out, "By library of the top frame (self time)", "library", byLibrary, samples, 15);
    table(out, "Top methods, self time", "method", selfMethods, samples, TOP);
    table(
        out,
        "Slipstream and Kafka Streams methods, inclusive (share of samples with the method on the"
            + " stack)",
        "method",
        inclusiveMethods,
        samples,
        TOP);
    table(
        out,
        "Stream threads in native code (top frame)",
        "method",
        nativeTop,
        nativeTop.total(),
        10);
    table(
        out,
        "Allocation (sampled weight) by first non-JDK frame",
        "method",
        allocations,
        allocations.total(),
        10);
    out.append(
        String.format(
            "GC: %d collections, %.0f ms paused in all, longest pause %.1f ms%n",
            gcPauses, gcPauseTime.toNanos() / 1e6, longestPause.toNanos() / 1e6));
    return out.toString();
  }

  private static void table(
      StringBuilder out, String title, String column, Counter counter, long total, int rows) {
    out.append("**").append(title).append("**\n\n");
    out.append("| ").append(column).append(" | share |\n|---|---:|\n");
    for (Map.Entry<String, Long> entry : counter.top(rows)) {
      out.append(
          String.format(
              "| `%s` | %.1f %% |%n",
              entry.getKey(), total == 0 ? 0.0 : 100.0 * entry.getValue() / total));
    }
    out.append('\n');
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String firstNonJdkMethod(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String name = method(frame);
      if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
        return name;
      }
    }
    return frames.isEmpty() ? "(no frames)" : method(frames.get(0));
  }

  private static boolean isCodeUnderTest(String method) {
    return method.startsWith("io.slipstream.processor.")
        || method.startsWith("org.apache.kafka.streams.")
        || method.startsWith("io.slipstream.serde.");
  }

  static String library(String method) {
    for (Map.Entry<String, String> entry : LIBRARIES.entrySet()) {
      if (method.startsWith(entry.getKey())) {
        return entry.getValue();
      }
    }
    return "other";
  }

  static String threadKind(RecordedThread thread) {
    String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
    // Producer I/O threads are named after their stream thread: test for them first.
    if (name.contains("kafka-producer-network-thread")) {
      return "producer I/O thread";
    }
    if (name.contains("StreamThread")) {
      return "stream thread";
    }
    if (name.contains("admin-client") || name.contains("bench-progress")) {
      return "admin client (progress polling)";
    }
    if (name.contains("StateUpdater") || name.contains("state-updater")) {
      return "state updater";
    }
    return name.isEmpty() ? "(unnamed)" : "other: " + name.replaceAll("-?\\d+", "#");
  }

  /** Counts by key, listing the largest first. */
  private static final class Counter {
    private final Map<String, Long> counts = new HashMap<>();

    void add(String key, long amount) {
      counts.merge(key, amount, Long::sum);
    }

    long total() {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    List<Map.Entry<String, Long>> top(int rows) {
      return counts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(rows)
          .toList();
    }
  }
}
