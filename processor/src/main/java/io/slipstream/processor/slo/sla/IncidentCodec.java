package io.slipstream.processor.slo.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link Incident}s as JSON in {@code slo-incidents-store}: rare, small, readable in a dump. */
public final class IncidentCodec implements Serde<Incident> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Serializer<Incident> serializer() {
    return (topic, incident) -> {
      try {
        return incident == null ? null : JSON.writeValueAsBytes(incident);
      } catch (IOException e) {
        throw new SerializationException("cannot encode incident", e);
      }
    };
  }

  @Override
  public Deserializer<Incident> deserializer() {
    return (topic, bytes) -> {
      try {
        return bytes == null ? null : JSON.readValue(bytes, Incident.class);
      } catch (IOException e) {
        throw new SerializationException("not an incident record", e);
      }
    };
  }
}
