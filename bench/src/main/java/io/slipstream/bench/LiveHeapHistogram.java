package io.slipstream.bench;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them
 * (after a full collection), read through the diagnostic-command MBean so a benchmark can print
 * what its state is made of at the moment it chooses.
 */
final class LiveHeapHistogram {
  private LiveHeapHistogram() {}

  /** The header and the {@code rows} classes with the most bytes, then the total line. */
  static String top(int rows) {
    String histogram;
    try {
      histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      return "class histogram not available: " + e.getMessage();
    }
    String[] lines = histogram.split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      // Two header lines, the rows, and the total on the last line.
      if (i < rows + 2 || i == lines.length - 1) {
        out.append(lines[i]).append('\n');
      }
    }
    return out.toString();
  }
}
