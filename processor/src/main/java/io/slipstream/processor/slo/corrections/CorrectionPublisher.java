package io.slipstream.processor.slo.corrections;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and deletes corrections: one Kafka transaction writes the correction (or its tombstone) to
 * the compacted {@code slo-corrections} topic and an audit record to {@code slo-corrections-audit},
 * so neither is ever seen without the other. Audit records are JSON: {@code {"at", "actor",
 * "change": "filed"|"replaced"|"deleted", "correctionId", "reason", "correction"}}.
 *
 * <p>Thread-safe: calls are serialized. Close it to close the producer.
 */
public final class CorrectionPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CorrectionPublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, String> producer;
  private final String topic;
  private final String auditTopic;

  /**
   * @param clientProperties further producer settings (security, …); servers, serializers and the
   *     transactional settings are set here
   */
  public CorrectionPublisher(
      String bootstrapServers, Map<String, ?> clientProperties, String topic, String auditTopic) {
    this.topic = topic;
    this.auditTopic = auditTopic;
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "slipstream-corrections-" + UUID.randomUUID());
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    producer.initTransactions();
  }

  /**
   * Files {@code correction} (replacing one with the same id) on behalf of its {@code filedBy}.
   *
   * @param replaced whether a correction with this id was in force
   * @throws KafkaException when the transaction fails; then nothing was written
   */
  public synchronized void file(SloCorrection correction, boolean replaced) {
    ObjectNode audit =
        audit(correction.id(), correction.filedBy(), replaced ? "replaced" : "filed");
    audit.put("reason", correction.reason());
    audit.set("correction", CorrectionDocument.toNode(correction));
    write(correction.id(), CorrectionDocument.write(correction), audit);
  }

  /**
   * Deletes correction {@code id} on behalf of {@code actor}.
   *
   * @throws KafkaException when the transaction fails; then nothing was written
   */
  public synchronized void delete(String id, String actor, String reason) {
    ObjectNode audit = audit(id, actor, "deleted");
    audit.put("reason", reason);
    write(id, null, audit);
  }

  /**
   * Writes one record of another compacted document topic (SLA definitions) in a transaction of its
   * own; a null value is a tombstone.
   *
   * @throws KafkaException when the transaction fails; then nothing was written
   */
  public synchronized void put(String documentTopic, String key, String value) {
    try {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(documentTopic, key, value));
      producer.commitTransaction();
    } catch (KafkaException e) {
      abort(e);
      throw e;
    }
  }

  private void abort(KafkaException cause) {
    try {
      producer.abortTransaction();
    } catch (KafkaException abortFailed) {
      cause.addSuppressed(abortFailed);
    }
  }

  private static ObjectNode audit(String id, String actor, String change) {
    ObjectNode audit = JSON.createObjectNode();
    audit.put("at", Instant.now().toString());
    audit.put("actor", actor);
    audit.put("change", change);
    audit.put("correctionId", id);
    return audit;
  }

  private void write(String id, String value, ObjectNode audit) {
    try {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(auditTopic, id, audit.toString()));
      producer.send(new ProducerRecord<>(topic, id, value));
      producer.commitTransaction();
      LOG.info(
          "correction {} {} by {}", id, audit.get("change").asText(), audit.get("actor").asText());
    } catch (KafkaException e) {
      abort(e);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      producer.close(CLOSE_TIMEOUT);
    } catch (KafkaException e) {
      LOG.error("correction publisher for {} did not close cleanly", topic, e);
      throw e;
    }
  }
}
