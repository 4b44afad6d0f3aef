package io.slipstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Assembles a component's configuration as flat string keys with the one precedence every
 * Slipstream component documents, later sources winning key by key:
 *
 * <ol>
 *   <li>the component's built-in defaults;
 *   <li>a properties file ({@code --config FILE});
 *   <li>environment variables, through {@link EnvironmentConfig};
 *   <li>{@code key=value} command-line arguments.
 * </ol>
 *
 * <p>What the keys mean is the component's business: this only layers them.
 */
public final class ConfigLoader {
  private final Map<String, String> defaults;
  private final EnvironmentConfig environmentConfig;

  private ConfigLoader(Map<String, String> defaults, EnvironmentConfig environmentConfig) {
    this.defaults = Map.copyOf(defaults);
    this.environmentConfig = environmentConfig;
  }

  /** A loader under which {@code defaults} lie, reading the environment the standard way. */
  public static ConfigLoader withDefaults(Map<String, String> defaults) {
    return new ConfigLoader(defaults, EnvironmentConfig.standard());
  }

  /** This loader reading the environment through {@code environmentConfig} (e.g. with aliases). */
  public ConfigLoader withEnvironment(EnvironmentConfig environmentConfig) {
    return new ConfigLoader(defaults, environmentConfig);
  }

  /**
   * Layers the sources.
   *
   * @param file a properties file, read as UTF-8 with the syntax of {@link
   *     Properties#load(Reader)}, or null for none
   * @param environment the process environment (pass {@code System.getenv()})
   * @param commandLine settings given on the command line
   * @throws IOException if {@code file} cannot be read
   */
  public Map<String, String> load(
      Path file, Map<String, String> environment, Map<String, String> commandLine)
      throws IOException {
    Map<String, String> merged = new HashMap<>(defaults);
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      properties
          .stringPropertyNames()
          .forEach(name -> merged.put(name, properties.getProperty(name)));
    }
    merged.putAll(environmentConfig.keys(environment));
    merged.putAll(commandLine);
    return merged;
  }

  /**
   * Layers the sources named by command-line {@code args} ({@code [--config FILE] [key=value ...]})
   * over {@code environment}.
   *
   * @throws IllegalArgumentException naming an argument that is neither form
   * @throws IOException if the file cannot be read
   */
  public Map<String, String> load(String[] args, Map<String, String> environment)
      throws IOException {
    Arguments arguments = Arguments.parse(args);
    return load(arguments.file(), environment, arguments.settings());
  }

  /**
   * A command line of the form {@code [--config FILE] [key=value ...]}.
   *
   * @param file the properties file {@code --config} names, or null
   * @param settings the {@code key=value} arguments; a later one wins over an earlier one
   */
  public record Arguments(Path file, Map<String, String> settings) {
    public Arguments {
      settings = Map.copyOf(settings);
    }

    /**
     * Reads {@code args}.
     *
     * @throws IllegalArgumentException naming the first argument that is neither {@code --config
     *     FILE} nor {@code key=value} with a non-empty key
     */
    public static Arguments parse(String[] args) {
      Path file = null;
      Map<String, String> settings = new TreeMap<>();
      for (int i = 0; i < args.length; i++) {
        int equals = args[i].indexOf('=');
        if (args[i].equals("--config") && i + 1 < args.length) {
          file = Path.of(args[++i]);
        } else if (equals > 0) {
          settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        } else {
          throw new IllegalArgumentException(
              "unknown argument '" + args[i] + "'; expected --config FILE or key=value");
        }
      }
      return new Arguments(file, settings);
    }
  }
}
