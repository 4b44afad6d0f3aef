package io.slipstream.localstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged through Logback while open, as text: each event's formatted message and the
 * class and message of every throwable in its chain. For tests that assert a secret never reaches a
 * log. Loggers named on opening are raised to at least {@code INFO} meanwhile (Kafka's clients
 * print their configuration at {@code INFO}); closing restores their levels.
 */
public final class CapturedLogs implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;
  private final Map<Logger, Level> previousLevels = new HashMap<>();

  private CapturedLogs(List<String> verboseLoggers) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : verboseLoggers) {
      Logger logger = context.getLogger(name);
      previousLevels.put(logger, logger.getLevel());
      logger.setLevel(Level.INFO);
    }
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /** Starts capturing, with the loggers named in {@code verboseLoggers} at {@code INFO}. */
  public static CapturedLogs start(String... verboseLoggers) {
    return new CapturedLogs(List.of(verboseLoggers));
  }

  /** All captured text, one event per line, throwables after their event. */
  public String text() {
    StringBuilder text = new StringBuilder();
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = List.copyOf(appender.list);
    }
    for (ILoggingEvent event : events) {
      text.append(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      text.append('\n');
    }
    return text.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previousLevels.forEach(Logger::setLevel);
  }
}
