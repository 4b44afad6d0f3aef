package io.slipstream.localrun.soak;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory, GC and machine-load figures of this JVM, read from its management beans and (on Linux)
 * {@code /proc}; a figure the platform does not offer reads as -1.
 */
final class JvmFigures {
  private static final long MB = 1024 * 1024;

  private JvmFigures() {}

  static long heapUsedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB;
  }

  static long heapCommittedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / MB;
  }

  /**
   * The heap in use right after the most recent collection, young or old: what survived it. Unlike
   * the saw-tooth of the heap in use, this grows when something leaks. (The pools' own "collection
   * usage" is no substitute: G1 updates the old generation's only on mixed and full collections.)
   * Reads -1 before the first collection or where the JVM does not report it.
   */
  static long heapAfterGcMb() {
    GcInfo latest = null;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof com.sun.management.GarbageCollectorMXBean withInfo) {
        GcInfo info = withInfo.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return -1;
    }
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = latest.getMemoryUsageAfterGc().get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        bytes += afterGc.getUsed();
      }
    }
    return bytes / MB;
  }

  /**
   * Forces a full collection and returns the heap in use right after it: the live set. Stops the
   * world for as long as the collection takes, so it is for a few checkpoints only.
   */
  static long liveSetMb() {
    System.gc();
    return heapUsedMb();
  }

  static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }

  static long gcMillis() {
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += Math.max(0, collector.getCollectionTime());
    }
    return millis;
  }

  /** Resident set size from {@code /proc/self/status}. */
  static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
