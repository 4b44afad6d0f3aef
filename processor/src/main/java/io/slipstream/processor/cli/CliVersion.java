package io.slipstream.processor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** {@code slipstream --version}: the version the build wrote into {@value #RESOURCE}. */
final class CliVersion implements CommandLine.IVersionProvider {
  /** Beside this class; filtered by the build, so it holds the project's version. */
  static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"slipstream " + version()};
  }

  /**
   * The project version, e.g. {@code 0.1.0}.
   *
   * @throws IllegalStateException if the resource is missing (a build without resource filtering)
   */
  static String version() {
    try (InputStream in = CliVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " beside CliVersion");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
