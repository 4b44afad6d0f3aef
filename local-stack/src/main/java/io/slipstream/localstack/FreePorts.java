package io.slipstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface that nothing listens on. */
final class FreePorts {

  private FreePorts() {}

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago.
   *
   * <p>The port is released before the caller binds it, so another process could take it in
   * between; on a loopback interface used by tests that race is rare, and the caller's bind then
   * fails loudly rather than silently sharing a port.
   *
   * @throws UncheckedIOException if no port can be bound at all
   */
  static int pickLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port on the loopback interface", e);
    }
  }
}
