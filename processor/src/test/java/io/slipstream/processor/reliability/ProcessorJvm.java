package io.slipstream.processor.reliability;

import io.slipstream.localstack.ChildProcess;
import io.slipstream.processor.app.ProcessorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A processor instance ({@link ProcessorMain}) in a JVM of its own, started with this JVM's class
 * path and the given settings on its command line, so that it can be killed with SIGKILL the way a
 * machine or the OOM killer ends a process: no shutdown hook, no final commit.
 */
final class ProcessorJvm implements AutoCloseable {
  private final ChildProcess process;

  private ProcessorJvm(ChildProcess process) {
    this.process = process;
  }

  /**
   * Starts the processor; returns at once, before it has joined the group.
   *
   * @param name names the process and its log file
   * @param settings processor settings, passed as {@code key=value} arguments
   * @param logDirectory where its output goes, appended to {@code <name>.log}
   */
  static ProcessorJvm start(String name, Map<String, String> settings, Path logDirectory) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small stream of test events: a small heap, and one GC thread on a shared 2-core machine.
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ProcessorMain.class.getName());
    settings.forEach((key, value) -> command.add(key + "=" + value));
    try {
      Files.createDirectories(logDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDirectory, e);
    }
    // Only the basics are inherited: KAFKA_* or SLIPSTREAM_* variables would change its settings.
    Map<String, String> environment = new HashMap<>();
    for (String variable : List.of("PATH", "HOME", "USER", "LANG", "TZ")) {
      String value = System.getenv(variable);
      if (value != null) {
        environment.put(variable, value);
      }
    }
    return new ProcessorJvm(
        ChildProcess.start(
            name,
            command,
            logDirectory,
            environment,
            logDirectory.resolve(name + ".log"),
            () -> {}));
  }

  /** Ends it with SIGKILL and waits until it is gone. */
  void kill() {
    process.kill();
  }

  /** Stops it with SIGTERM (a clean shutdown), SIGKILL after 10 s. */
  @Override
  public void close() {
    process.close();
  }
}
