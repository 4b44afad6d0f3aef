package io.slipstream.alertmanager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for Alertmanager's {@code POST /api/v2/alerts} on 127.0.0.1: answers with the
 * queued statuses in order, then with the fallback (200 unless set), and records every body. For
 * failure cases a real Alertmanager cannot be made to produce on demand (503, 429, a 400 for a
 * valid alert).
 */
public final class StubAlertmanager implements AutoCloseable {
  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile Answer fallback = new Answer(200, "");

  private StubAlertmanager(HttpServer server) {
    this.server = server;
  }

  /** Starts a stub on a free loopback port. */
  public static StubAlertmanager start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StubAlertmanager stub = new StubAlertmanager(server);
      server.createContext("/api/v2/alerts", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues one answer. */
  public StubAlertmanager thenAnswer(int status, String body) {
    script.add(new Answer(status, body));
    return this;
  }

  /** Sets the answer once the queue is empty. */
  public StubAlertmanager otherwiseAnswer(int status, String body) {
    fallback = new Answer(status, body);
    return this;
  }

  /** Returns every request body received, oldest first. */
  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Answer answer = script.poll();
      if (answer == null) {
        answer = fallback;
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
