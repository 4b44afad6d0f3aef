package io.slipstream.processor.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.slo.corrections.CorrectionDocument;
import io.slipstream.processor.slo.corrections.CorrectionPublisher;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.definitions.CompactedTopicReader;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import io.slipstream.processor.slo.sla.SlaDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the corrections ({@code kind: SloCorrection}) and SLAs ({@code kind: SLA}) found beside
 * the SLO files in {@value ProcessorConfig#SLO_DIRECTORY} when the processor starts. Only what
 * differs from the topics is written, so a restart adds no audit record; a file correction is filed
 * as its {@code filedBy}. A bad document is logged (file, document, field) and skipped. Files are
 * not checked against other corrections: overlapping ones still apply, exclusion first.
 */
final class DocumentFilesAtStartup {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentFilesAtStartup.class);

  private DocumentFilesAtStartup() {}

  /** What the files hold: corrections and SLAs by id as canonical text, and the problems. */
  record Found(
      Map<String, SloCorrection> corrections, Map<String, String> slas, List<String> errors) {}

  static Found read(Path directory, long now) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    Found found =
        new Found(
            new java.util.LinkedHashMap<>(), new java.util.LinkedHashMap<>(), new ArrayList<>());
    for (Path file : files) {
      List<JsonNode> documents;
      try {
        documents = DocumentReader.documents(Files.readString(file));
      } catch (DocumentException e) {
        continue; // not YAML at all: the SLO parser reports it
      }
      for (int i = 0; i < documents.size(); i++) {
        JsonNode document = documents.get(i);
        try {
          if (DocumentReader.isKind(document, CorrectionDocument.KIND)) {
            SloCorrection correction = CorrectionDocument.read(document, now, false);
            found.corrections().put(correction.id(), correction);
          } else if (DocumentReader.isKind(document, SlaDocument.KIND)) {
            String sla = SlaDocument.write(SlaDocument.read(document));
            found.slas().put(SlaDocument.read(sla).id(), sla);
          }
        } catch (DocumentException e) {
          found.errors().add(file + " document " + i + ": " + e);
        }
      }
    }
    return found;
  }

  static void publish(ProcessorConfig config, Topics topics) {
    Path directory = Path.of(config.get(ProcessorConfig.SLO_DIRECTORY));
    Found found;
    try {
      found = read(directory, System.currentTimeMillis());
    } catch (IOException e) {
      LOG.error("cannot list {} for corrections and SLAs", directory, e);
      return;
    }
    found.errors().forEach(error -> LOG.error("rejected: {}", error));
    if (found.corrections().isEmpty() && found.slas().isEmpty()) {
      return;
    }
    Map<String, Object> client = new HashMap<>(config.kafkaSettings());
    client
        .keySet()
        .removeIf(key -> key.startsWith("schema.registry.") || key.equals("application.id"));
    String servers = config.get("bootstrap.servers");
    Map<String, Object> consumer = SloDefinitionPublisher.consumerConfig(servers, client);
    Map<String, String> onCorrections =
        CompactedTopicReader.read(
            consumer, topics.sloCorrections().name(), SloDefinitionPublisher.DEFAULT_READ_TIMEOUT);
    Map<String, String> onSlas =
        CompactedTopicReader.read(
            consumer, topics.slaDefinitions().name(), SloDefinitionPublisher.DEFAULT_READ_TIMEOUT);
    try (CorrectionPublisher publisher =
        new CorrectionPublisher(
            servers, client, topics.sloCorrections().name(), topics.sloCorrectionsAudit().name())) {
      for (SloCorrection correction : found.corrections().values()) {
        String current = onCorrections.get(correction.id());
        if (current == null || !sameButFiledAt(CorrectionDocument.read(current), correction)) {
          publisher.file(correction, current != null);
        }
      }
      found
          .slas()
          .forEach(
              (id, sla) -> {
                if (!sla.equals(onSlas.get(id))) {
                  publisher.put(topics.slaDefinitions().name(), id, sla);
                  LOG.info("SLA {} published", id);
                }
              });
    }
  }

  private static boolean sameButFiledAt(SloCorrection a, SloCorrection b) {
    return CorrectionDocument.write(withFiledAt(a, 0))
        .equals(CorrectionDocument.write(withFiledAt(b, 0)));
  }

  private static SloCorrection withFiledAt(SloCorrection c, long filedAt) {
    return new SloCorrection(
        c.id(),
        c.sloIds(),
        c.selectorService(),
        c.selectorLabels(),
        c.startMs(),
        c.endMs(),
        c.zone(),
        c.action(),
        c.reason(),
        c.filedBy(),
        c.silencePages(),
        filedAt);
  }
}
