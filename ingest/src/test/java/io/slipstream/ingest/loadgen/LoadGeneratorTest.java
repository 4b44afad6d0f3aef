package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.gateway.ApiTokens;
import io.slipstream.ingest.gateway.GatewayServer;
import io.slipstream.ingest.gateway.GatewaySettings;
import io.slipstream.ingest.gateway.RecordingPublisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGeneratorTest {

  @Test
  void shouldPlayTrafficThroughTheGateway() {
    RecordingPublisher kafka = new RecordingPublisher();
    try (GatewayServer gateway =
        new GatewayServer(
                GatewaySettings.loopbackDefaults(),
                ApiTokens.parse("loadgen=*"),
                kafka,
                Clock.systemUTC())
            .start()) {
      StringWriter output = new StringWriter();
      int exitCode =
          new CommandLine(new LoadGenerator())
              .setOut(new PrintWriter(output))
              .execute(
                  "--gateway-url", "http://127.0.0.1:" + gateway.port(),
                  "--token", "loadgen",
                  "--services", "3",
                  "--rate", "2000",
                  "--max-requests", "600",
                  "--duration", "30s",
                  "--acceleration", "10",
                  "--sample-interval", "1s",
                  "--progress-interval", "0s",
                  "--seed", "5");

      assertThat(exitCode).as(output.toString()).isZero();
      long requests =
          kafka.published.stream().filter(e -> e.kind() == IngestEvent.Kind.REQUEST_EVENT).count();
      assertThat(requests).isEqualTo(600);
      assertThat(kafka.published.size()).isGreaterThan(600);
      assertThat(output.toString()).contains("Done: 600 requests").contains("failed=0");
    }
  }

  @Test
  void shouldRefuseToRunWithoutADestinationOrWithABadIncident() {
    StringWriter errors = new StringWriter();
    CommandLine noDestination =
        new CommandLine(new LoadGenerator()).setErr(new PrintWriter(errors));
    assertThat(noDestination.execute("--max-requests", "1")).isEqualTo(2);
    assertThat(errors.toString()).contains("--bootstrap-servers");

    StringWriter moreErrors = new StringWriter();
    CommandLine badIncident =
        new CommandLine(new LoadGenerator()).setErr(new PrintWriter(moreErrors));
    assertThat(
            badIncident.execute(
                "--gateway-url",
                "http://127.0.0.1:9",
                "--token",
                "t",
                "--incident",
                "meteor:duration=1m"))
        .isEqualTo(2);
    assertThat(moreErrors.toString()).contains("unknown incident");
  }
}
