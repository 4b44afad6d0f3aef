package io.slipstream.bench;

import io.slipstream.localstack.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the project's {@link EmbeddedKafkaBroker} (single-node KRaft, 127.0.0.1 only, topic
 * auto-creation off) in a JVM of its own, so the broker does not share a heap, GC or JIT with the
 * code under test. Writes its bootstrap address to {@code --address-file} once it serves, and shuts
 * down cleanly when its stdin ends (the parent closed it or went away) or on SIGTERM.
 */
public final class BrokerMain {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    Path addressFile = Path.of(Flags.parse(args).required("address-file"));
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().autoCreateTopics(false).start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-broker"));
    writeAtomically(addressFile, broker.bootstrapServers());
    LOG.info("broker serving at {}", broker.bootstrapServers());
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // The parent sends nothing; it only closes the stream when it is done.
      }
    } catch (IOException e) {
      LOG.info("stdin broke ({}); stopping", e.toString());
    }
    broker.close();
    System.exit(0);
  }

  /** Writes then renames, so the reader never sees a half-written address. */
  private static void writeAtomically(Path file, String content) {
    Path staging = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(staging, content, StandardCharsets.UTF_8);
      Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
