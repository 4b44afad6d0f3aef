package io.slipstream.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.slo.corrections.CorrectionDocument;
import io.slipstream.processor.slo.corrections.CorrectionPublisher;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import io.slipstream.processor.slo.sla.SlaDefinition;
import io.slipstream.processor.slo.sla.SlaDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Publishes the example SLAs ({@code kind: SLA}) and corrections ({@code kind: SloCorrection}) of
 * the demo, so that everything in {@code examples/} answers in it: {@code slipstream sla report
 * checkout-monthly}, the corrections list, the dashboard's SLA and corrections panels.
 *
 * <p>An example correction names the dates of a real change; the demo's event time is a few hours
 * ago. So each correction is moved, keeping its length, to end where the history ends (T+0): a
 * maintenance window that has just finished when the live load starts, whose events the SLO leaves
 * out (or attributes to planned work), and which never silences the live outage's page.
 */
final class ExampleDocuments {

  private ExampleDocuments() {}

  /** What was published, by id, and the documents refused with the reason. */
  record Published(List<String> slas, List<String> corrections, List<String> refused) {}

  /**
   * Reads every YAML file in {@code directories} and publishes its SLAs and corrections.
   *
   * @param liveFrom T+0, where every correction is moved to end
   */
  static Published publish(
      String bootstrap,
      Map<String, String> kafka,
      Topics topics,
      List<Path> directories,
      Instant liveFrom) {
    List<SlaDefinition> slas = new ArrayList<>();
    List<SloCorrection> corrections = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Path file : yamlFiles(directories)) {
      List<JsonNode> documents;
      try {
        documents = DocumentReader.documents(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      } catch (DocumentException e) {
        refused.add(file + ": " + e.getMessage());
        continue;
      }
      for (int i = 0; i < documents.size(); i++) {
        JsonNode document = documents.get(i);
        try {
          if (DocumentReader.isKind(document, SlaDocument.KIND)) {
            slas.add(SlaDocument.read(document));
          } else if (DocumentReader.isKind(document, CorrectionDocument.KIND)) {
            SloCorrection example =
                CorrectionDocument.read(document, liveFrom.toEpochMilli(), true);
            corrections.add(endingAt(example, liveFrom.toEpochMilli()));
          }
        } catch (DocumentException e) {
          refused.add(file + " document " + i + ": " + e.getMessage());
        }
      }
    }
    if (!slas.isEmpty() || !corrections.isEmpty()) {
      try (CorrectionPublisher publisher =
          new CorrectionPublisher(
              bootstrap,
              kafka,
              topics.sloCorrections().name(),
              topics.sloCorrectionsAudit().name())) {
        for (SlaDefinition sla : slas) {
          publisher.put(topics.slaDefinitions().name(), sla.id(), SlaDocument.write(sla));
        }
        for (SloCorrection correction : corrections) {
          publisher.file(correction, false);
        }
      }
    }
    return new Published(
        slas.stream().map(SlaDefinition::id).toList(),
        corrections.stream().map(SloCorrection::id).toList(),
        refused);
  }

  /** {@code correction} moved to end at {@code endMs}, its length kept. */
  static SloCorrection endingAt(SloCorrection correction, long endMs) {
    long length = correction.endMs() - correction.startMs();
    return new SloCorrection(
        correction.id(),
        correction.sloIds(),
        correction.selectorService(),
        correction.selectorLabels(),
        endMs - length,
        endMs,
        correction.zone(),
        correction.action(),
        correction.reason(),
        correction.filedBy(),
        correction.silencePages(),
        correction.filedAt());
  }

  private static List<Path> yamlFiles(List<Path> directories) {
    List<Path> files = new ArrayList<>();
    for (Path directory : directories) {
      try (Stream<Path> entries = Files.list(directory)) {
        entries
            .filter(Files::isRegularFile)
            .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + directory, e);
      }
    }
    return files;
  }
}
