package io.slipstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run measured: what the report must state for its figures to mean anything.
 *
 * @param cores available processors ({@code nproc})
 * @param cpuModel the CPU's model name, or "unknown"
 * @param memory total memory as the OS reports it, e.g. "23.4 GiB"
 * @param java the Java runtime, e.g. "OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1"
 * @param os operating system, version and architecture
 */
record MachineInfo(int cores, String cpuModel, String memory, String java, String os) {

  /** Describes this machine, reading {@code /proc} where it exists. */
  static MachineInfo describe() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        procValue("/proc/cpuinfo", "model name").orElse("unknown"),
        procValue("/proc/meminfo", "MemTotal")
            .map(MachineInfo::kibToGib)
            .orElse(Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB JVM max"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
  }

  private static Optional<String> procValue(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      return lines.stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String kibToGib(String memTotal) {
    try {
      long kib = Long.parseLong(memTotal.replace("kB", "").trim());
      return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return memTotal;
    }
  }
}
