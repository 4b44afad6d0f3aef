package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real servlet container (Jetty, on loopback), publishing to Kafka. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamServletFilterIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path spoolDir;

  @Test
  void shouldRecordOneEventPerRequestWithRoutePatternStatusAndTraceparent(
      LocalStack stack, TestResources resources) throws Exception {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 1);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    try (SlipstreamPublisher publisher =
        SlipstreamPublisher.builder()
            .service("checkout")
            .bootstrapServers(stack.bootstrapServers())
            .schemaRegistryUrl(stack.schemaRegistryUrl())
            .topics(topics)
            .spoolDirectory(spoolDir)
            .build()) {
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new UsersServlet()), "/users/*");
      context.addFilter(
          new FilterHolder(new SlipstreamServletFilter(publisher)),
          "/*",
          EnumSet.of(DispatcherType.REQUEST));
      jetty.setHandler(context);
      jetty.start();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + connector.getLocalPort();

      http.send(
          HttpRequest.newBuilder(URI.create(base + "/users/42"))
              .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
              .build(),
          HttpResponse.BodyHandlers.discarding());
      http.send(
          HttpRequest.newBuilder(URI.create(base + "/users/boom")).build(),
          HttpResponse.BodyHandlers.discarding());
      http.send(
          HttpRequest.newBuilder(URI.create(base + "/users/7"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.discarding());

      await("three events sent").atMost(WAIT).until(() -> publisher.metrics().sent() == 3);
      List<RequestEvent> events =
          TopicReader.readAtLeast(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  topics.requestEvents().name(),
                  RequestEvent.class,
                  3,
                  WAIT)
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(events).hasSize(3);
      assertThat(events)
          .extracting(RequestEvent::getOperation)
          .containsExactly("GET /users/*", "GET /users/*", "POST /users/*");
      assertThat(events.get(0).getStatusCode()).isEqualTo(200);
      assertThat(events.get(0).getOutcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(events.get(0).getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(events.get(0).getLatencyMicros()).isPositive();
      assertThat(events.get(1).getStatusCode()).isEqualTo(500);
      assertThat(events.get(1).getOutcome()).isEqualTo(Outcome.ERROR);
      assertThat(events.get(2).getStatusCode()).isEqualTo(405);
      assertThat(events.get(2).getOutcome()).isEqualTo(Outcome.CLIENT_ERROR);
    } finally {
      jetty.stop();
    }
  }

  private static final class UsersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      if (request.getPathInfo().equals("/boom")) {
        throw new IllegalStateException("handler failed");
      }
      response.setStatus(200);
    }
  }
}
