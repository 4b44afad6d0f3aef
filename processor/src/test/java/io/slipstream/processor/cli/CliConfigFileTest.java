package io.slipstream.processor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's configuration file, its place in the precedence, and {@code --version}. */
class CliConfigFileTest {
  @TempDir Path home;

  /** The connection options {@code slipstream query slos ARGS} ends up with. */
  private static SlipstreamCli.Connection connection(CliConfigFile defaults, String... args) {
    CommandLine cli = new CommandLine(new SlipstreamCli());
    cli.setDefaultValueProvider(defaults);
    String[] all = new String[args.length + 2];
    all[0] = "query";
    all[1] = "slos";
    System.arraycopy(args, 0, all, 2, args.length);
    CommandLine.ParseResult parsed = cli.parseArgs(all);
    Object slos = parsed.subcommand().subcommand().commandSpec().userObject();
    return ((SlipstreamCli.QueryCommand) slos).connection;
  }

  private Path userFile(String text) throws IOException {
    Path file = home.resolve(CliConfigFile.DEFAULT_FILE);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void shouldTakeUrlTokenAndOutputFromTheFileInTheUsersConfigDirectory() throws IOException {
    userFile("# mine\nurl = http://slipstream.internal:8080\ntoken=s3cret\noutput=json\n");

    SlipstreamCli.Connection connection = connection(CliConfigFile.load(Map.of(), home));

    assertThat(connection.url).isEqualTo("http://slipstream.internal:8080");
    assertThat(connection.token).isEqualTo("s3cret");
    assertThat(connection.output).isEqualTo(SlipstreamCli.Output.json);
  }

  @Test
  void shouldLetTheEnvironmentWinOverTheFileAndTheCommandLineOverBoth() throws IOException {
    userFile("url=http://from-file:8080\ntoken=from-file\n");
    CliConfigFile defaults =
        CliConfigFile.load(Map.of("SLIPSTREAM_URL", "http://from-env:8080"), home);

    SlipstreamCli.Connection fromEnvironment = connection(defaults);
    assertThat(fromEnvironment.url).isEqualTo("http://from-env:8080");
    assertThat(fromEnvironment.token).isEqualTo("from-file");

    SlipstreamCli.Connection fromCommandLine = connection(defaults, "--url", "http://cli:8080");
    assertThat(fromCommandLine.url).isEqualTo("http://cli:8080");
  }

  @Test
  void shouldReadTheFileTheVariableNamesInsteadOfTheUsersOne() throws IOException {
    userFile("url=http://users-file:8080\n");
    Path named = Files.writeString(home.resolve("team.properties"), "url=http://team:8080\n");

    CliConfigFile defaults =
        CliConfigFile.load(Map.of(CliConfigFile.FILE_ENV, named.toString()), home);

    assertThat(connection(defaults).url).isEqualTo("http://team:8080");
  }

  @Test
  void shouldRefuseAnUnknownKeyAndAMissingNamedFileNamingTheFile() throws IOException {
    Path file = userFile("uri=http://typo:8080\n");
    assertThatThrownBy(() -> CliConfigFile.load(Map.of(), home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'uri' in " + file)
        .hasMessageContaining("[output, token, url]");

    Path missing = home.resolve("missing.properties");
    assertThatThrownBy(
            () -> CliConfigFile.load(Map.of(CliConfigFile.FILE_ENV, missing.toString()), home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read " + missing);
  }

  @Test
  void shouldEndWithTwoAndTheReasonWhenTheFileCannotBeUsed() throws IOException {
    userFile("colour=always\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        SlipstreamCli.execute(
            new String[] {"query", "slos"},
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of(),
            home);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("slipstream: unknown key 'colour'");
  }

  @Test
  void shouldKeepTheBuiltInDefaultsWithoutAFile() {
    SlipstreamCli.Connection connection = connection(CliConfigFile.load(Map.of(), home));

    assertThat(connection.output).isEqualTo(SlipstreamCli.Output.table);
  }

  @Test
  void shouldPrintTheProjectVersion() {
    StringWriter out = new StringWriter();
    int code =
        SlipstreamCli.execute(
            new String[] {"--version"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            Map.of(),
            home);

    assertThat(code).isZero();
    assertThat(out.toString().strip()).matches("slipstream \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
