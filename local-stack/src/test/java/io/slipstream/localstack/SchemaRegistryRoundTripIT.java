package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Speaks the Confluent Schema Registry REST API that the project's own client will speak. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SchemaRegistryRoundTripIT {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldReturnRegisteredSchemaById(LocalStack stack, TestResources resources)
      throws Exception {
    String subject = resources.topic("request-events") + "-value";
    String schema =
        "{\"type\":\"record\",\"name\":\"RequestEvent\",\"namespace\":\"io.slipstream.test\","
            + "\"fields\":[{\"name\":\"service\",\"type\":\"string\"}]}";

    HttpResponse<String> registered =
        send(
            HttpRequest.newBuilder(
                    URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schema\":" + jsonString(schema) + "}")));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    Matcher id = ID.matcher(registered.body());
    assertThat(id.find()).as(registered.body()).isTrue();

    HttpResponse<String> byId =
        send(
            HttpRequest.newBuilder(
                    URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + id.group(1)))
                .GET());
    assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
    assertThat(byId.body()).contains("\"schema\":" + jsonString(schema));
  }

  @Test
  void shouldAnswerUnknownIdWithConfluentErrorCode(LocalStack stack) throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/schemas/ids/987654321"))
                .GET());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error_code\":40403");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Returns {@code text} as a JSON string literal (the schema travels as an escaped string). */
  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
