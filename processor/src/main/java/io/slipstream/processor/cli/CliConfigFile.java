package io.slipstream.processor.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for the connection options from a properties file, so that the usual processor and token
 * need not be typed every time. The file holds {@code url}, {@code token} and {@code output}, named
 * after the options; any other key is refused, so a typo does not pass unnoticed.
 *
 * <p>The file is the one {@value #FILE_ENV} names (it must exist), else {@code
 * ~/.config/slipstream/cli.properties} when there is one. Precedence, as every Slipstream component
 * has it: built-in defaults &lt; file &lt; environment ({@code SLIPSTREAM_URL}, {@code
 * SLIPSTREAM_TOKEN}) &lt; command line.
 */
final class CliConfigFile implements CommandLine.IDefaultValueProvider {
  /** Environment variable naming the file. */
  static final String FILE_ENV = "SLIPSTREAM_CLI_CONFIG";

  /** Where the file is looked for below the user's home when {@value #FILE_ENV} is not set. */
  static final Path DEFAULT_FILE = Path.of(".config", "slipstream", "cli.properties");

  /** The keys a file may hold, each with the environment variable that wins over it ("": none). */
  private static final Map<String, String> KEYS =
      Map.of("url", "SLIPSTREAM_URL", "token", "SLIPSTREAM_TOKEN", "output", "");

  private final Map<String, String> values;
  private final Map<String, String> environment;

  private CliConfigFile(Map<String, String> values, Map<String, String> environment) {
    this.values = Map.copyOf(values);
    this.environment = Map.copyOf(environment);
  }

  /**
   * Reads the file that {@code environment} and {@code home} select; no file gives no defaults.
   *
   * @throws IllegalArgumentException naming the file, if {@value #FILE_ENV} names one that cannot
   *     be read, or the file holds an unknown key
   */
  static CliConfigFile load(Map<String, String> environment, Path home) {
    String named = environment.get(FILE_ENV);
    Path file;
    if (named != null && !named.isBlank()) {
      file = Path.of(named);
    } else {
      file = home.resolve(DEFAULT_FILE);
      if (!Files.isRegularFile(file)) {
        return new CliConfigFile(Map.of(), environment);
      }
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + FILE_ENV + "): " + e, e);
    }
    Map<String, String> values = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown key '"
                + key
                + "' in "
                + file
                + "; known keys: "
                + new TreeSet<>(KEYS.keySet()));
      }
      values.put(key, properties.getProperty(key).strip());
    }
    return new CliConfigFile(values, environment);
  }

  /** The option's default from the environment or the file, or null to keep its built-in one. */
  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    String variable = KEYS.get(key);
    if (variable == null) {
      return null;
    }
    String fromEnvironment = variable.isEmpty() ? null : environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    String fromFile = values.get(key);
    return fromFile == null || fromFile.isEmpty() ? null : fromFile;
  }
}
