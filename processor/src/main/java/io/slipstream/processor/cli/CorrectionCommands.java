package io.slipstream.processor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipstream corrections list|file|delete}: SLO corrections through the API. */
@Command(
    name = "corrections",
    mixinStandardHelpOptions = true,
    description = "List, file and delete SLO corrections (planned maintenance, known incidents).",
    subcommands = {
      CorrectionCommands.ListCorrections.class,
      CorrectionCommands.FileCorrection.class,
      CorrectionCommands.DeleteCorrection.class
    })
final class CorrectionCommands implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: list, file or delete");
  }

  /** The corrections, one row each. */
  static TextTable rows(JsonNode corrections) {
    TextTable table =
        new TextTable("ID", "SLOS", "START", "END", "ACTION", "ACTIVE", "FILED BY", "REASON");
    for (JsonNode correction : corrections) {
      JsonNode spec = correction.path("spec");
      List<String> slos = new ArrayList<>();
      correction.path("appliesTo").forEach(slo -> slos.add(slo.asText()));
      table.row(
          correction.path("metadata").path("name").asText(),
          String.join(" ", slos),
          spec.path("start").asText(),
          spec.path("end").asText(),
          spec.path("action").asText(),
          correction.path("active").asBoolean() ? "yes" : "no",
          spec.path("filedBy").asText(),
          spec.path("reason").asText());
    }
    return table;
  }

  static String path(String id) {
    return "/api/v1/corrections/"
        + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Corrections by start.")
  static final class ListCorrections extends SlipstreamCli.TableCommand {
    @Option(names = "--slo", description = "Only those applying to this SLO.")
    String slo;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new HashMap<>();
      query.put("slo", slo);
      return client.get("/api/v1/corrections", query);
    }

    @Override
    TextTable rows(JsonNode answer) {
      return CorrectionCommands.rows(answer);
    }
  }

  @Command(
      name = "file",
      mixinStandardHelpOptions = true,
      description =
          "File the correction in a YAML (or JSON) file; replaces one with the same name.")
  static final class FileCorrection extends SlipstreamCli.QueryCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "A kind: SloCorrection document.")
    Path file;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      String body;
      try {
        body = Files.readString(file);
      } catch (IOException e) {
        throw new ApiClient.ApiError("cannot read " + file + ": " + e.getMessage());
      }
      return client.send("POST", "/api/v1/corrections", Map.of(), body);
    }

    @Override
    String table(JsonNode filed) {
      return "filed "
          + filed.path("metadata").path("name").asText()
          + " for "
          + filed.path("appliesTo")
          + " from "
          + filed.path("spec").path("start").asText()
          + " to "
          + filed.path("spec").path("end").asText()
          + "\n";
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a correction.")
  static final class DeleteCorrection extends SlipstreamCli.QueryCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The correction's name.")
    String id;

    @Option(names = "--by", required = true, description = "Who deletes it (for the audit trail).")
    String by;

    @Option(names = "--reason", description = "Why (for the audit trail).")
    String reason;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new HashMap<>();
      query.put("by", by);
      query.put("reason", reason);
      return client.send("DELETE", path(id), query, null);
    }

    @Override
    String table(JsonNode answer) {
      return "deleted " + answer.path("deleted").asText() + "\n";
    }
  }
}
