package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server before a processor is attached: probes, auth, errors, the API description. */
class QueryServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private QueryServer server;

  @BeforeEach
  void start() {
    server = QueryServer.start("127.0.0.1", 0, "t0k");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  void shouldBeAliveButNeitherStartedNorReadyWithoutAProcessor() throws Exception {
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("up").asBoolean()).isFalse();
    assertThat(get("/health/startup", null).statusCode()).isEqualTo(503);
  }

  @Test
  void shouldAnswerServiceUnavailableWithRetryAfterUntilAttached() throws Exception {
    HttpResponse<String> slos = get("/api/v1/slos", "t0k");
    assertThat(slos.statusCode()).isEqualTo(503);
    assertThat(slos.headers().firstValue("Retry-After")).contains("2");
    assertThat(json(slos).get("error").asText()).isEqualTo("unavailable");
    assertThat(get("/api/v1/slos/x/groups", "t0k").statusCode()).isEqualTo(503);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(503);
  }

  @Test
  void shouldRequireTheBearerToken() throws Exception {
    HttpResponse<String> missing = get("/api/v1/slos", null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(json(missing).get("error").asText()).isEqualTo("unauthorized");
    HttpResponse<String> wrong = get("/api/v1/services/checkout/sli", "other");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(json(wrong).get("error").asText()).isEqualTo("forbidden");
    assertThat(get("/internal/v1/slos?id=x", null).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServeTheOpenApiDocumentWithoutAToken() throws Exception {
    HttpResponse<String> document = get("/api/v1/openapi.json", null);
    assertThat(document.statusCode()).isEqualTo(200);
    JsonNode openApi = json(document);
    assertThat(openApi.get("openapi").asText()).isEqualTo("3.0.3");
    assertThat(openApi.get("paths").fieldNames())
        .toIterable()
        .contains(
            "/api/v1/slos",
            "/api/v1/slos/{id}",
            "/api/v1/slos/{id}/groups",
            "/api/v1/slos/{id}/groups/{group}",
            "/api/v1/services/{service}/sli",
            "/api/v1/services/{service}/series");
  }

  @Test
  void shouldAnswerUnknownPathsWithJson() throws Exception {
    HttpResponse<String> unknown = get("/api/v2/nothing", "t0k");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
    assertThat(get("/dashboard/", null).body()).contains("Slipstream");
  }
}
