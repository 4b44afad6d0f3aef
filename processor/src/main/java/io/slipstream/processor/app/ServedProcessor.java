package io.slipstream.processor.app;

import io.slipstream.processor.query.QueryServer;
import io.slipstream.processor.query.QuerySettings;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor instance with its HTTP server: the server starts first, so that {@code
 * application.server} can name the port it got ({@code slipstream.http.port=0} picks a free one),
 * then the Kafka Streams client is created with it, attached and started.
 *
 * <p>Configuration: {@link ProcessorConfig#HTTP_PORT} (default 8080), {@link
 * ProcessorConfig#HTTP_HOST} (default 0.0.0.0), {@link ProcessorConfig#HTTP_ADVERTISED_HOST}
 * (default: see {@link AdvertisedHost}; ignored when {@code application.server} is set), {@link
 * ProcessorConfig#HTTP_TOKEN}.
 */
public final class ServedProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServedProcessor.class);
  private final QueryServer server;
  private final SlipstreamProcessor processor;
  private final CorrectionWriter corrections;

  private ServedProcessor(
      QueryServer server, SlipstreamProcessor processor, CorrectionWriter corrections) {
    this.server = server;
    this.processor = processor;
    this.corrections = corrections;
  }

  /**
   * Starts the server and the processor; returns at once (the processor joins its group in the
   * background).
   *
   * @throws IllegalArgumentException when the port is not a number
   */
  public static ServedProcessor start(
      ProcessorConfig config, SliSettings settings, SloSettings sloSettings) {
    int port =
        Integer.parseInt(
            config
                .get(ProcessorConfig.HTTP_PORT, Integer.toString(ProcessorConfig.DEFAULT_HTTP_PORT))
                .trim());
    QueryServer server =
        QueryServer.start(
            config.get(ProcessorConfig.HTTP_HOST, "0.0.0.0"),
            port,
            config.get(ProcessorConfig.HTTP_TOKEN));
    try {
      Map<String, String> values = new HashMap<>(config.asMap());
      if (!values.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
        values.put(
            StreamsConfig.APPLICATION_SERVER_CONFIG,
            AdvertisedHost.resolve(config) + ":" + server.port());
      }
      HostInfo self =
          HostInfo.buildFromEndpoint(values.get(StreamsConfig.APPLICATION_SERVER_CONFIG));
      LOG.info("other instances reach this one at {}", self);
      SlipstreamProcessor processor =
          new SlipstreamProcessor(ProcessorConfig.of(values), settings, sloSettings);
      processor.streams().setStateListener((now, before) -> server.health().onStateChange(now));
      processor.streamThreadFailures().onStop(server.health()::onStreamThreadsStopped);
      CorrectionWriter corrections = new CorrectionWriter(config, processor.topics());
      server.attach(
          processor.streams(),
          self,
          processor.registry(),
          processor.rejections(),
          QuerySettings.from(settings),
          processor.corrections(),
          corrections,
          processor.slas(),
          sloSettings.hourRetention());
      processor.start();
      return new ServedProcessor(server, processor, corrections);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The HTTP port. */
  public int port() {
    return server.port();
  }

  public SlipstreamProcessor processor() {
    return processor;
  }

  /** Stops answering, then stops the processor (which leaves the group at once). */
  @Override
  public void close() {
    try {
      server.close();
      corrections.close();
    } finally {
      processor.close();
    }
  }
}
