package io.slipstream.processor.query;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns a service's state. Every store of a service (its SLI buckets, its SLOs'
 * status and alert state) lives in the task of the input partition its name hashes to, because the
 * input topics are keyed by the service name; so routing is always by service name, whatever the
 * store's own key.
 *
 * <p>Separate from the HTTP resources that use it, so the routing rule is tested on its own.
 */
public final class InstanceRouter {
  private final KafkaStreams streams;
  private final HostInfo self;

  /**
   * @param streams the running client
   * @param self this instance's {@code application.server}
   */
  public InstanceRouter(KafkaStreams streams, HostInfo self) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.self = Objects.requireNonNull(self, "self");
  }

  /** Where a key lookup must be answered. */
  public sealed interface Route {
    /** Here, from the store of {@code partition}. */
    record Local(int partition) implements Route {}

    /** At {@code host}. */
    record Remote(HostInfo host) implements Route {}
  }

  /**
   * The owner of {@code service}'s state in {@code storeName}.
   *
   * @throws ApiException 503 while the client is not running or the owner is not known (rebalance)
   */
  public Route route(String storeName, String service) {
    requireRunning();
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(storeName, service, Serdes.String().serializer());
    } catch (IllegalStateException | org.apache.kafka.streams.errors.StreamsException e) {
      throw ApiException.unavailable(
          "the owner of '" + service + "' is not known yet: " + e.getMessage());
    }
    if (metadata == null
        || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || metadata.activeHost() == null
        || metadata.activeHost().equals(HostInfo.unavailable())) {
      throw ApiException.unavailable(
          "the owner of '" + service + "' is not known while the group rebalances");
    }
    return metadata.activeHost().equals(self)
        ? new Route.Local(metadata.partition())
        : new Route.Remote(metadata.activeHost());
  }

  /**
   * Lets a question through while the client runs or rebalances. A rebalance moves a few tasks; the
   * others keep processing (cooperative rebalancing), and their stores stay queryable: Kafka
   * Streams opens a partition's store only while its active task runs here, and throws otherwise (a
   * task restoring, or moved away), which the API answers with 503. So only the services whose task
   * moves are unavailable during a rebalance, not all of them.
   *
   * @throws ApiException 503 unless the client is RUNNING or REBALANCING
   */
  public void requireRunning() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw ApiException.unavailable("the processor is " + state + "; try again shortly");
    }
  }

  public HostInfo self() {
    return self;
  }
}
