package io.slipstream.ingest.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for gateway tests, on loopback. */
public final class GatewayClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public GatewayClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Posts {@code body}; {@code token} and {@code contentType} may be null to leave them out. */
  public HttpResponse<byte[]> post(String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return post(path, token, contentType, null, body);
  }

  public HttpResponse<byte[]> post(
      String path, String token, String contentType, String contentEncoding, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (contentEncoding != null) {
      request.header("Content-Encoding", contentEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
