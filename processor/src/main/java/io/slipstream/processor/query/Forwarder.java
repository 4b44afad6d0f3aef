package io.slipstream.processor.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance over HTTP. A forwarded request carries {@link #FORWARDED_HEADER}, so an
 * instance that receives a forwarded question it does not own (ownership moved meanwhile) answers
 * 503 rather than forwarding again.
 */
final class Forwarder {
  static final String FORWARDED_HEADER = "X-Slipstream-Forwarded";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Duration timeout;

  Forwarder(Duration timeout) {
    this.timeout = timeout;
  }

  /** The owner's answer: its status, content type and body, passed through unchanged. */
  record Answer(int status, String contentType, String body, String retryAfter) {}

  /**
   * GETs {@code pathAndQuery} from {@code host}.
   *
   * @param authorization the caller's Authorization header, or null
   * @throws ApiException 503 when the owner cannot be reached (it may be stopping; the group will
   *     rebalance)
   */
  Answer get(HostInfo host, String pathAndQuery, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(timeout)
            .header(FORWARDED_HEADER, "1")
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/json"),
          response.body(),
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException e) {
      throw ApiException.unavailable(
          "the owning instance "
              + host.host()
              + ":"
              + host.port()
              + " cannot be reached: "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
    }
  }
}
