package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.slipstream.processor.slo.corrections.CorrectionDocument;
import io.slipstream.processor.slo.corrections.CorrectionPublisher;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.corrections.CorrectionValidator;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/**
 * The corrections resources. Reads answer from this instance's copy of the {@code slo-corrections}
 * topic (every instance holds all of it); writes go through a {@link CorrectionPublisher} and are
 * visible once the topic has been read back, usually within a second.
 */
final class CorrectionsApi {
  private final SloRegistry slos;
  private final CorrectionRegistry corrections;
  private final Supplier<CorrectionPublisher> publisher;
  private final ObjectMapper json;
  private final LongSupplier clock;

  CorrectionsApi(
      SloRegistry slos,
      CorrectionRegistry corrections,
      Supplier<CorrectionPublisher> publisher,
      ObjectMapper json,
      LongSupplier clock) {
    this.slos = slos;
    this.corrections = corrections;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  /** {@code GET /api/v1/corrections[?slo=id]}: by start, then id. */
  void list(Context ctx) {
    String slo = ctx.queryParam("slo");
    List<SloCorrection> listed;
    if (slo == null) {
      listed = corrections.all();
    } else {
      SloDefinition definition = slos.byId(slo);
      if (definition == null) {
        throw ApiException.notFound("slo", "no SLO with id '" + slo + "'");
      }
      listed = corrections.forSlo(definition);
    }
    List<JsonNode> views = new ArrayList<>();
    long now = clock.getAsLong();
    listed.forEach(correction -> views.add(view(correction, now)));
    write(ctx, 200, views);
  }

  /** {@code GET /api/v1/corrections/{id}}. */
  void get(Context ctx) {
    write(ctx, 200, view(existing(ctx.pathParam("id")), clock.getAsLong()));
  }

  /**
   * {@code POST /api/v1/corrections}: a correction document (YAML or JSON); 201 with the filed
   * document, 400 naming the field at fault.
   */
  void file(Context ctx) {
    long now = clock.getAsLong();
    SloCorrection correction;
    try {
      List<JsonNode> documents = DocumentReader.documents(ctx.body());
      if (documents.size() != 1) {
        throw new DocumentException(
            "", "expected one correction document, found " + documents.size());
      }
      correction = CorrectionDocument.read(documents.get(0), now, true);
      CorrectionValidator.validate(correction, slos.all(), corrections, now);
    } catch (DocumentException e) {
      throw ApiException.badParameter(e.field().isEmpty() ? "body" : e.field(), e.getMessage());
    }
    publish(() -> publisher.get().file(correction, corrections.byId(correction.id()) != null));
    write(ctx, 201, view(correction, now));
  }

  /** {@code DELETE /api/v1/corrections/{id}?by=who[&reason=why]}. */
  void delete(Context ctx) {
    String by = ctx.queryParam("by");
    if (by == null || by.isBlank()) {
      throw ApiException.badParameter("by", "say who deletes the correction: ?by=<name>");
    }
    SloCorrection correction = existing(ctx.pathParam("id"));
    String reason = ctx.queryParam("reason");
    publish(() -> publisher.get().delete(correction.id(), by.trim(), reason == null ? "" : reason));
    ObjectNode answer = json.createObjectNode();
    answer.put("deleted", correction.id());
    write(ctx, 200, answer);
  }

  private SloCorrection existing(String id) {
    SloCorrection correction = corrections.byId(id);
    if (correction == null) {
      throw ApiException.notFound("id", "no correction with id '" + id + "'");
    }
    return correction;
  }

  private JsonNode view(SloCorrection correction, long now) {
    ObjectNode view = CorrectionDocument.toNode(correction);
    view.put("active", correction.activeAt(now));
    List<String> applies = new ArrayList<>();
    for (SloDefinition definition : slos.all()) {
      if (correction.appliesTo(definition)) {
        applies.add(definition.id());
      }
    }
    applies.sort(String::compareTo);
    applies.forEach(view.putArray("appliesTo")::add);
    return view;
  }

  private static void publish(Runnable write) {
    try {
      write.run();
    } catch (KafkaException e) {
      throw ApiException.unavailable("could not write to Kafka: " + e.getMessage());
    }
  }

  private void write(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
