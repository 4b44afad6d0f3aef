package io.slipstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;

/** CPU time of processes, to tell "busy" from "waiting" and to state the cost per record. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time of this JVM (all threads, user + system) in nanoseconds, or -1 if unsupported. */
  static long thisProcessNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean hotspot
        ? hotspot.getProcessCpuTime()
        : -1;
  }

  /** CPU time of another process so far in nanoseconds, or -1 if the OS does not tell. */
  static long ofProcessNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
