package io.slipstream.localrun;

import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the processor with its HTTP server (query API, dashboard, /metrics) when the processor
 * module has one, else without.
 *
 * <p>The server ({@value #SERVED_PROCESSOR}) is looked up by name rather than linked: the local run
 * then builds and runs whether or not the processor module it is built with serves HTTP.
 */
final class ProcessorStarter {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorStarter.class);

  static final String SERVED_PROCESSOR = "io.slipstream.processor.app.ServedProcessor";

  private ProcessorStarter() {}

  /**
   * A running processor.
   *
   * @param instance what to close to stop it (and its server)
   * @param httpPort the server's port, empty without a server
   */
  record Started(AutoCloseable instance, OptionalInt httpPort) {}

  /**
   * Starts the processor; with {@code serve}, with its HTTP server on the port the configuration's
   * {@code slipstream.http.port} names (0: a free one) when the processor module has a server.
   *
   * @throws IllegalStateException when the processor or its server fails to start
   */
  static Started start(
      ProcessorConfig config, SliSettings settings, SloSettings sloSettings, boolean serve) {
    if (serve) {
      try {
        Class<?> served = Class.forName(SERVED_PROCESSOR);
        Method start =
            served.getMethod("start", ProcessorConfig.class, SliSettings.class, SloSettings.class);
        AutoCloseable instance = (AutoCloseable) start.invoke(null, config, settings, sloSettings);
        int port = (Integer) served.getMethod("port").invoke(instance);
        return new Started(instance, OptionalInt.of(port));
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        LOG.info("this processor serves no HTTP API ({}); starting it without", e.toString());
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(
            "the processor or its HTTP server did not start: " + e.getCause(), e.getCause());
      } catch (IllegalAccessException | ClassCastException e) {
        throw new IllegalStateException("cannot start " + SERVED_PROCESSOR, e);
      }
    }
    SlipstreamProcessor processor = new SlipstreamProcessor(config, settings, sloSettings);
    processor.start();
    return new Started(processor, OptionalInt.empty());
  }
}
