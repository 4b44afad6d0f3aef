package io.slipstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (v7), which works unchanged against
 * Confluent's registry and Apicurio's Confluent-compatible API ({@code /apis/ccompat/v7}).
 *
 * <p>Lookups are cached in bounded LRU caches, so the registry is asked once per schema, not once
 * per record. Each request has a timeout; 5xx answers and I/O failures are retried with exponential
 * backoff, trying the next configured URL on each attempt. Errors are thrown as {@link
 * SchemaRegistryException} carrying the registry's {@code error_code}. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistrySettings settings;
  private final HttpClient http;
  private final BoundedCache<Integer, Schema> schemasById;
  private final BoundedCache<SubjectSchema, Integer> registeredIds;
  private final BoundedCache<SubjectSchema, Integer> lookedUpIds;
  private int nextUrl;

  private record SubjectSchema(String subject, Schema schema) {}

  public SchemaRegistryClient(SchemaRegistrySettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    this.schemasById = new BoundedCache<>(settings.cacheCapacity());
    this.registeredIds = new BoundedCache<>(settings.cacheCapacity());
    this.lookedUpIds = new BoundedCache<>(settings.cacheCapacity());
  }

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is registered already.
   *
   * @return the schema's global id
   * @throws SchemaRegistryException 409 when the registry finds it incompatible with the subject's
   *     compatibility rule, 42201 when the registry rejects it as invalid
   */
  @Override
  public int register(String subject, Schema schema) {
    return registeredIds.computeIfAbsent(
        new SubjectSchema(subject, schema), key -> registerOrFind(subject, schema));
  }

  private int registerOrFind(String subject, Schema schema) {
    try {
      return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
          .path("id")
          .asInt();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() != SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
        throw e;
      }
      // Some registries (Apicurio) answer 409 to a registration racing an identical one from
      // another client; the schema is then registered. A truly incompatible schema is not found,
      // and the 409 stands.
      try {
        return lookUpId(subject, schema);
      } catch (SchemaRegistryException notFound) {
        e.addSuppressed(notFound);
        throw e;
      }
    }
  }

  /**
   * Finds the id of {@code schema} under {@code subject} without registering it.
   *
   * @throws SchemaRegistryException 40401 unknown subject, 40403 schema not registered under it
   */
  @Override
  public int lookUpId(String subject, Schema schema) {
    return lookedUpIds.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> send("POST", "/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt());
  }

  /**
   * The schema with global id {@code id}.
   *
   * @throws SchemaRegistryException 40403 when no schema has this id
   */
  @Override
  public Schema schemaById(int id) {
    return schemasById.computeIfAbsent(id, this::fetchSchema);
  }

  private Schema fetchSchema(int id) {
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    String text = answer.path("schema").asText("");
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          "schema " + id + " is not a valid Avro schema: " + e.getMessage());
    }
  }

  /**
   * Whether {@code schema} may be registered under {@code subject} given the subject's
   * compatibility rule against its latest version. A subject with no versions accepts any schema.
   */
  public boolean isCompatibleWithLatest(String subject, Schema schema) {
    try {
      return send(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema))
          .path("is_compatible")
          .asBoolean(false);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  /**
   * Sets the subject's compatibility rule, e.g. {@code BACKWARD}, {@code FULL_TRANSITIVE} or {@code
   * NONE}.
   */
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    send("PUT", "/config/" + encode(subject), body.toString());
  }

  /** The names of all subjects. */
  public List<String> subjects() {
    List<String> names = new ArrayList<>();
    send("GET", "/subjects", null).forEach(node -> names.add(node.asText()));
    return names;
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) {
    SchemaRegistryException last = null;
    Duration backoff = settings.retryBackoff();
    for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
      if (attempt > 0) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
      URI base = pickUrl(attempt);
      try {
        return sendOnce(base, method, path, body);
      } catch (SchemaRegistryException e) {
        if (!e.isRetriable()) {
          throw e;
        }
        last = e;
        LOG.debug(
            "schema registry {} {} failed (attempt {}): {}",
            method,
            base + path,
            attempt + 1,
            e.getMessage());
      }
    }
    throw last;
  }

  private synchronized URI pickUrl(int attempt) {
    if (attempt > 0) {
      nextUrl = (nextUrl + 1) % settings.urls().size();
    }
    return settings.urls().get(nextUrl);
  }

  private JsonNode sendOnce(URI base, String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(settings.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    settings.basicAuthHeader().ifPresent(header -> request.header("Authorization", header));
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "schema registry " + base + " unreachable for " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while calling schema registry " + base, e);
    }
    return parse(response, method + " " + path);
  }

  private static JsonNode parse(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (status >= 200 && status < 300 && json != null) {
      return json;
    }
    int errorCode =
        json != null && json.has("error_code") ? json.get("error_code").asInt() : status;
    String message =
        json != null && json.has("message")
            ? json.get("message").asText()
            : abbreviate(response.body());
    throw new SchemaRegistryException(
        status,
        errorCode,
        "schema registry answered "
            + status
            + " (error_code "
            + errorCode
            + ") to "
            + what
            + ": "
            + message);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "interrupted while waiting to retry the schema registry", e);
    }
  }
}
