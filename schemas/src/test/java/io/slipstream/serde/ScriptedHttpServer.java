package io.slipstream.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A loopback HTTP server that answers with a script of responses, to put the registry client
 * through answers a healthy registry never gives on demand (5xx, garbage bodies). Records what it
 * was asked.
 */
final class ScriptedHttpServer implements AutoCloseable {
  record Answer(int status, String body) {}

  record Request(String method, String path, String body, String authorization) {}

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  ScriptedHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized ScriptedHttpServer answer(int status, String body) {
    script.add(new Answer(status, body));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Answer answer;
    synchronized (this) {
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
              exchange.getRequestHeaders().getFirst("Authorization")));
      answer =
          script.isEmpty()
              ? new Answer(500, "{\"error_code\":50001,\"message\":\"script exhausted\"}")
              : script.poll();
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
