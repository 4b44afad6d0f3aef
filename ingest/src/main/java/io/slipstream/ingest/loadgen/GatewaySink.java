package io.slipstream.ingest.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the load generator's events through the HTTP gateway instead of straight to Kafka: a
 * bounded queue (never blocks the generator) and one sender thread that posts NDJSON batches of up
 * to 500 events to {@code /v1/events}, retrying 429 and 5xx answers up to 5 times with backoff.
 */
public final class GatewaySink implements EventSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewaySink.class);
  private static final int BATCH = 500;
  private static final int ATTEMPTS = 5;

  private final URI endpoint;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private final BlockingQueue<ObjectNode> queue;
  private final Thread sender;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile boolean closing;

  /**
   * @param gatewayUrl the gateway's base URL, e.g. {@code http://127.0.0.1:8088}
   * @param token the API token (issued for the generated services)
   * @param capacity events the queue holds before refusing
   */
  public GatewaySink(String gatewayUrl, String token, int capacity) {
    this.endpoint = URI.create(gatewayUrl.replaceAll("/+$", "") + "/v1/events");
    this.token = token;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sender = new Thread(this::run, "slipstream-loadgen-gateway-sink");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public boolean requestEvent(RequestEvent event) {
    ObjectNode item = mapper.createObjectNode();
    item.put("service", event.getService());
    item.put("operation", event.getOperation());
    item.put("timestamp", event.getTimestamp().toEpochMilli());
    item.put("latencyMicros", event.getLatencyMicros());
    if (event.getStatusCode() != null) {
      item.put("statusCode", event.getStatusCode());
    }
    item.put("outcome", event.getOutcome().name());
    putIfPresent(item, "traceId", event.getTraceId());
    putIfPresent(item, "spanId", event.getSpanId());
    putIfPresent(item, "instance", event.getInstance());
    return queue.offer(item);
  }

  @Override
  public boolean resourceSample(ResourceSample sample) {
    ObjectNode item = mapper.createObjectNode();
    item.put("type", "resource");
    item.put("service", sample.getService());
    item.put("instance", sample.getInstance());
    item.put("timestamp", sample.getTimestamp().toEpochMilli());
    item.put("cpuUtilization", sample.getCpuUtilization());
    item.put("memoryUtilization", sample.getMemoryUtilization());
    return queue.offer(item);
  }

  /** Returns how many events the gateway accepted. */
  public long accepted() {
    return accepted.sum();
  }

  /** Returns how many events were given up on (rejected, or retries exhausted). */
  public long failed() {
    return failed.sum();
  }

  /** Sends what is queued (waiting up to {@code timeout}) and stops. */
  public void close(Duration timeout) {
    closing = true;
    try {
      sender.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      sender.interrupt();
      LOG.warn("Gateway sink: {} events still queued at close", queue.size());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private void run() {
    List<ObjectNode> batch = new ArrayList<>(BATCH);
    try {
      while (!closing || !queue.isEmpty()) {
        ObjectNode first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        post(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void post(List<ObjectNode> batch) throws InterruptedException {
    byte[] body = ndjson(batch);
    long backoffMillis = 200;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 202) {
          accepted.add(batch.size());
          return;
        }
        if (status != 429 && status < 500) {
          LOG.warn("Gateway refused a batch with {}: {}", status, response.body());
          failed.add(batch.size());
          return;
        }
        LOG.warn("Gateway answered {}; retrying (attempt {} of {})", status, attempt, ATTEMPTS);
      } catch (IOException e) {
        LOG.warn("Gateway unreachable ({}); retrying (attempt {} of {})", e, attempt, ATTEMPTS);
      }
      Thread.sleep(backoffMillis);
      backoffMillis *= 2;
    }
    failed.add(batch.size());
  }

  private byte[] ndjson(List<ObjectNode> batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 200);
    try {
      for (ObjectNode item : batch) {
        out.write(mapper.writeValueAsBytes(item));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a batch", e);
    }
    return out.toByteArray();
  }

  private static void putIfPresent(ObjectNode item, String field, String value) {
    if (value != null) {
      item.put(field, value);
    }
  }
}
