package io.slipstream.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Names and topics for one test on a shared {@link LocalStack}.
 *
 * <p>Every name ends with the same suffix of 8 random hex digits, unique to this instance, so tests
 * sharing a broker and registry (or re-running against an external cluster that keeps old topics)
 * never see each other's data: {@code topic("request-events")} gives e.g. {@code
 * request-events-3f9a1c2b}.
 */
public final class TestResources {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final LocalStack stack;
  private final String suffix;

  private TestResources(LocalStack stack, String suffix) {
    this.stack = stack;
    this.suffix = suffix;
  }

  /** Returns resources with a fresh random suffix. */
  public static TestResources forStack(LocalStack stack) {
    return new TestResources(stack, UUID.randomUUID().toString().substring(0, 8));
  }

  /** Returns the stack these resources live on. */
  public LocalStack stack() {
    return stack;
  }

  /** Returns the 8-hex-digit suffix shared by every name of this instance. */
  public String suffix() {
    return suffix;
  }

  /** Returns {@code base + "-" + suffix()}, a topic name no other test uses. */
  public String topic(String base) {
    return base + "-" + suffix;
  }

  /** Returns {@code base + "-" + suffix()}, a Kafka Streams application id no other test uses. */
  public String applicationId(String base) {
    return base + "-" + suffix;
  }

  /**
   * Creates a topic with the broker's default replication factor and waits until the controller has
   * created it.
   *
   * @throws IllegalStateException if the broker refuses (e.g. the topic exists) or does not answer
   *     within 30 s
   */
  public void createTopic(String name, int partitions) {
    NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create topic " + name, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Creating topic " + name + " took over " + ADMIN_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    }
  }
}
