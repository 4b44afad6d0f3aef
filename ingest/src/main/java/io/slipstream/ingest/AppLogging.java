package io.slipstream.ingest;

/**
 * Points Logback at this module's application logging configuration, unless the user chose one with
 * {@code -Dlogback.configurationFile}. The applications' {@code main} calls it before any logger
 * exists; the library itself ships no {@code logback.xml}, so it never overrides the configuration
 * of the services that use it.
 */
public final class AppLogging {

  /** The classpath resource with the applications' configuration. */
  public static final String CONFIGURATION = "io/slipstream/ingest/app-logback.xml";

  private AppLogging() {}

  /** Sets {@code logback.configurationFile} if it is not set. */
  public static void configure() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", CONFIGURATION);
    }
  }
}
