package io.slipstream.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A loopback registry that knows a fixed set of schemas by id and answers 404 (error 40403) for any
 * other id, as a real registry does. For fuzzing the deserializer at tens of thousands of inputs a
 * second, which a registry in a child JVM cannot serve.
 */
final class FixedSchemaRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/schemas/ids/";

  private final HttpServer server;
  private final Map<Integer, Schema> schemas;

  FixedSchemaRegistry(Map<Integer, Schema> schemas) throws IOException {
    this.schemas = Map.copyOf(schemas);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    Schema schema = null;
    if (path.startsWith(PREFIX)) {
      try {
        schema = schemas.get(Integer.parseInt(path.substring(PREFIX.length())));
      } catch (NumberFormatException e) {
        schema = null;
      }
    }
    byte[] body =
        JSON.writeValueAsBytes(
            schema == null
                ? Map.of("error_code", 40403, "message", "Schema not found")
                : Map.of("schema", schema.toString()));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
