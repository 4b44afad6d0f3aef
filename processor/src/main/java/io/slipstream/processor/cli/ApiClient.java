package io.slipstream.processor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Talks JSON with a processor's API: any instance will do, it forwards as needed (corrections are
 * written through whichever instance is asked).
 */
final class ApiClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String baseUrl;
  private final String token;

  ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** A refusal or failure, with the API's message when it gave one. */
  static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    ApiError(String message) {
      super(message);
    }
  }

  /**
   * @param path e.g. {@code /api/v1/slos}
   * @param query parameters; null values are left out
   * @throws ApiError on a non-2xx answer (its message names the status and the API's reason) or
   *     when the API cannot be reached
   */
  JsonNode get(String path, Map<String, String> query) throws ApiError {
    return send("GET", path, query, null);
  }

  /**
   * Like {@link #get}, with any method and an optional body (sent as {@code application/yaml},
   * which also reads JSON).
   */
  JsonNode send(String method, String path, Map<String, String> query, String requestBody)
      throws ApiError {
    Map<String, String> present = new LinkedHashMap<>();
    query.forEach(
        (key, value) -> {
          if (value != null) {
            present.put(key, value);
          }
        });
    String queryString =
        present.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    URI uri = URI.create(baseUrl + path + (queryString.isEmpty() ? "" : "?" + queryString));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(
                method,
                requestBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(requestBody, StandardCharsets.UTF_8));
    if (requestBody != null) {
      request.header("Content-Type", "application/yaml");
    }
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiError("cannot reach " + baseUrl + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError("interrupted");
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new ApiError(uri + " answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() / 100 != 2) {
      StringBuilder message = new StringBuilder().append(response.statusCode());
      if (body.hasNonNull("parameter")) {
        message.append(" (").append(body.get("parameter").asText()).append(")");
      }
      message.append(": ").append(body.path("message").asText(body.toString()));
      response
          .headers()
          .firstValue("Retry-After")
          .ifPresent(seconds -> message.append("; retry in ").append(seconds).append(" s"));
      throw new ApiError(message.toString());
    }
    return body;
  }

  String pretty(JsonNode node) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
