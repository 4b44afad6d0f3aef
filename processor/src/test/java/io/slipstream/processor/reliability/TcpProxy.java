package io.slipstream.processor.reliability;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of a real server, which can be cut off and restored like a
 * network partition: {@link #cut()} closes the listening socket and every relayed connection, so
 * clients meet refused and reset connections; {@link #restore()} listens again on the same port.
 */
final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  private TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /** Starts relaying a free local port to {@code 127.0.0.1:targetPort}. */
  static TcpProxy start(int targetPort) {
    TcpProxy proxy = new TcpProxy(targetPort);
    proxy.listen(0);
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Refuses new connections and resets the open ones. */
  synchronized void cut() {
    closeQuietly(server);
    connections.forEach(TcpProxy::closeQuietly);
    connections.clear();
  }

  /** Relays again, on the same port. */
  synchronized void restore() {
    if (!server.isClosed()) {
      return;
    }
    listen(server.getLocalPort());
  }

  @Override
  public void close() {
    cut();
  }

  private void listen(int port) {
    server = bind(port);
    acceptInBackground(server);
  }

  private static ServerSocket bind(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void acceptInBackground(ServerSocket listening) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!listening.isClosed()) {
                try {
                  relay(listening.accept());
                } catch (IOException e) {
                  return; // closed by cut()
                }
              }
            },
            "tcp-proxy-accept-" + listening.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void relay(Socket client) throws IOException {
    Socket upstream;
    try {
      upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    } catch (IOException e) {
      client.close();
      return;
    }
    connections.add(client);
    connections.add(upstream);
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // The other side closed, or cut() reset the connection.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                connections.remove(from);
                connections.remove(to);
              }
            },
            "tcp-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Already closed: nothing left to release.
    }
  }
}
