package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.RequestEvent;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {
  private static final Schema SCHEMA = RequestEvent.getClassSchema();
  private ScriptedHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SchemaRegistryClient client(Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(SchemaRegistrySettings.URL, server.url());
    config.putIfAbsent(SchemaRegistrySettings.RETRY_BACKOFF_MS, 1);
    return new SchemaRegistryClient(SchemaRegistrySettings.fromConfig(config));
  }

  @Test
  void shouldRegisterUnderTheSubjectAndCacheTheId() {
    server.answer(200, "{\"id\":7}");
    SchemaRegistryClient client = client(Map.of());

    assertThat(client.register("request-events-value", SCHEMA)).isEqualTo(7);
    assertThat(client.register("request-events-value", SCHEMA)).isEqualTo(7);

    assertThat(server.requests()).hasSize(1);
    ScriptedHttpServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/request-events-value/versions");
    assertThat(request.body()).contains("\"schema\"").contains("RequestEvent");
  }

  @Test
  void shouldRetryA5xxAndSucceed() {
    server.answer(503, "{\"error_code\":50003,\"message\":\"busy\"}").answer(200, "{\"id\":3}");

    assertThat(client(Map.of()).register("s", SCHEMA)).isEqualTo(3);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void shouldGiveUpAfterTheConfiguredRetriesWithTheLastError() {
    for (int i = 0; i < 3; i++) {
      server.answer(500, "{\"error_code\":50001,\"message\":\"store error\"}");
    }
    SchemaRegistryClient client = client(Map.of(SchemaRegistrySettings.MAX_RETRIES, 2));

    assertThatThrownBy(() -> client.register("s", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(50001);
              assertThat(e.isRetriable()).isTrue();
            })
        .hasMessageContaining("store error");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void shouldSurfaceUnknownSchemaIdWithoutRetrying() {
    server.answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

    assertThatThrownBy(() -> client(Map.of()).schemaById(99))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.isRetriable()).isFalse();
            });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldSurfaceAnIncompatibleSchemaAs409() {
    server.answer(
        409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

    assertThatThrownBy(() -> client(Map.of()).register("s", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA))
        .hasMessageContaining("incompatible");
  }

  @Test
  void shouldUseTheHttpStatusWhenTheBodyIsNotJson() {
    server.answer(401, "<html>Unauthorized</html>");

    assertThatThrownBy(() -> client(Map.of()).subjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(401))
        .hasMessageContaining("Unauthorized");
  }

  @Test
  void shouldRejectAnAnswerThatIsNotAnAvroSchema() {
    server.answer(200, "{\"schema\":\"{not avro\"}");

    assertThatThrownBy(() -> client(Map.of()).schemaById(5))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA));
  }

  @Test
  void shouldSendBasicAuthFromUserInfo() {
    server.answer(200, "[\"a\",\"b\"]");
    SchemaRegistryClient client =
        client(
            Map.of(
                SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "alice:secret"));

    assertThat(client.subjects()).containsExactly("a", "b");
    assertThat(server.requests().get(0).authorization()).isEqualTo("Basic YWxpY2U6c2VjcmV0");
  }

  @Test
  void shouldTreatAMissingSubjectAsCompatible() {
    server.answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

    assertThat(client(Map.of()).isCompatibleWithLatest("new-subject", SCHEMA)).isTrue();
    assertThat(server.requests().get(0).path())
        .isEqualTo("/compatibility/subjects/new-subject/versions/latest");
  }

  @Test
  void shouldReportAnUnreachableRegistryAsRetriable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            SchemaRegistrySettings.fromConfig(
                Map.of(
                    SchemaRegistrySettings.URL, "http://127.0.0.1:" + closedPort,
                    SchemaRegistrySettings.MAX_RETRIES, 1,
                    SchemaRegistrySettings.RETRY_BACKOFF_MS, 1)));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
              assertThat(e.isRetriable()).isTrue();
            })
        .hasMessageContaining("unreachable");
  }

  @Test
  void shouldFailOverToTheNextUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    server.answer(200, "{\"id\":11}");
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            SchemaRegistrySettings.fromConfig(
                Map.of(
                    SchemaRegistrySettings.URL,
                    "http://127.0.0.1:" + closedPort + "," + server.url(),
                    SchemaRegistrySettings.RETRY_BACKOFF_MS,
                    1)));

    assertThat(client.register("s", SCHEMA)).isEqualTo(11);
  }
}
