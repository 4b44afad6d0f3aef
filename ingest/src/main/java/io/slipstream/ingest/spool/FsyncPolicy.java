package io.slipstream.ingest.spool;

/**
 * When the spool asks the operating system to put appended records on the disk ({@code fsync}).
 *
 * <p>Every appended record reaches the operating system (and so survives a crash of the process) at
 * the latest at the next {@link Spool#flush()}, which the publisher calls whenever its queue runs
 * empty. The policy only decides what survives a crash of the <em>machine</em> (power loss, kernel
 * panic):
 *
 * <ul>
 *   <li>{@link #ALWAYS}: every flush is an fsync. Nothing flushed is lost; costs one disk sync per
 *       flush (milliseconds on spinning disks, tens of microseconds on NVMe).
 *   <li>{@link #INTERVAL} (the default): at most one fsync per interval (1 s unless configured), so
 *       a machine crash loses at most the last interval of spooled events.
 *   <li>{@link #NEVER}: the operating system writes back when it likes (typically within 30 s).
 * </ul>
 */
public enum FsyncPolicy {
  ALWAYS,
  INTERVAL,
  NEVER
}
