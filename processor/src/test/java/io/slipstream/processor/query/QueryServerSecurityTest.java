package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.localstack.CapturedLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query API's limits and its handling of the bearer token. */
class QueryServerSecurityTest {
  private static final String TOKEN = "query-token-" + Long.toHexString(System.nanoTime());
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswer413ForARequestBodyOverTheLimit() throws Exception {
    try (QueryServer server = QueryServer.start("127.0.0.1", 0, TOKEN)) {
      HttpResponse<String> tooLarge =
          send(server, TOKEN, new byte[QueryServer.MAX_REQUEST_BODY_BYTES + 1]);
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body()).contains("\"error\":\"payload_too_large\"");

      HttpResponse<String> atTheLimit =
          send(server, TOKEN, new byte[QueryServer.MAX_REQUEST_BODY_BYTES]);
      assertThat(atTheLimit.statusCode()).as("no processor attached yet").isEqualTo(503);
    }
  }

  @Test
  void shouldNeverShowTheTokenOrAGuessInLogsOrErrorBodies() throws Exception {
    String guess = TOKEN + "-guess";
    List<HttpResponse<String>> responses = new ArrayList<>();
    String logged;
    try (CapturedLogs logs = CapturedLogs.start("io.slipstream");
        QueryServer server = QueryServer.start("127.0.0.1", 0, TOKEN)) {
      responses.add(send(server, guess, null));
      responses.add(send(server, TOKEN.substring(1), null));
      responses.add(send(server, TOKEN, null));
      responses.add(send(server, null, null));
      logged = logs.text();
    }
    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(403, 403, 503, 401);
    assertThat(responses)
        .allSatisfy(response -> assertThat(response.body()).doesNotContain(TOKEN.substring(1)));
    assertThat(logged).contains("query API listening").doesNotContain(TOKEN.substring(1));
  }

  private HttpResponse<String> send(QueryServer server, String token, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/slos"))
            .method(
                "GET",
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
