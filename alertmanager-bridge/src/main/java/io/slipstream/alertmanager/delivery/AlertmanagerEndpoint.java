package io.slipstream.alertmanager.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Alertmanager: posts alert arrays to {@code <base>/api/v2/alerts}, each attempt bounded by the
 * request time-out, behind a circuit breaker.
 *
 * <p>The breaker opens after {@value #FAILURES_TO_OPEN} failed attempts in a row (I/O errors,
 * time-outs, 5xx, 408, 429) and then lets no request through for the pause given to the
 * constructor, so an Alertmanager that is down is not hammered and the logs say once that it is
 * down; afterwards one trial request decides whether it closes again. A refusal of the alerts
 * themselves (4xx) counts as a healthy answer.
 *
 * <p>Not thread-safe beyond what {@link HttpClient} and the breaker are: the bridge calls it from
 * one thread.
 */
public final class AlertmanagerEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerEndpoint.class);
  static final int FAILURES_TO_OPEN = 5;
  private static final int MAX_LOGGED_BODY = 2_000;

  /**
   * Statuses that say the request, not the alert, is wrong (wrong path, missing credentials, a
   * redirecting proxy): every alert would fail the same way, so they are retried (loudly) rather
   * than dead-lettered one by one until the configuration is fixed.
   */
  private static final Set<Integer> CONFIGURATION_ERRORS = Set.of(401, 403, 404, 405, 407);

  private final URI alertsUri;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final CircuitBreaker breaker;

  /**
   * @param baseUrl the Alertmanager's base URL, e.g. {@code http://alertmanager:9093} (a path
   *     prefix such as {@code /alertmanager} is kept)
   * @param requestTimeout the bound on one attempt, connecting included
   * @param pause how long the breaker stays open before a trial request
   */
  public AlertmanagerEndpoint(URI baseUrl, Duration requestTimeout, Duration pause) {
    String base = baseUrl.toString();
    this.alertsUri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v2/alerts");
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.breaker =
        CircuitBreaker.of(
            "alertmanager " + alertsUri,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(FAILURES_TO_OPEN)
                .minimumNumberOfCalls(FAILURES_TO_OPEN)
                .failureRateThreshold(100)
                .waitDurationInOpenState(pause)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              switch (event.getStateTransition().getToState()) {
                case OPEN ->
                    LOG.warn(
                        "Alertmanager {} failed {} times in a row; pausing requests to it for {}",
                        alertsUri,
                        FAILURES_TO_OPEN,
                        pause);
                case HALF_OPEN -> LOG.info("Trying Alertmanager {} again", alertsUri);
                case CLOSED -> LOG.info("Alertmanager {} answers again", alertsUri);
                default -> LOG.debug("{}", event);
              }
            });
  }

  /** Returns the URL alerts are posted to. */
  public URI alertsUri() {
    return alertsUri;
  }

  /** Returns whether the breaker currently lets requests through. */
  public boolean isPaused() {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  /**
   * Posts {@code jsonArray} once (no retry here).
   *
   * @throws InterruptedException if the thread is interrupted while waiting for the answer
   */
  public PostOutcome post(String jsonArray) throws InterruptedException {
    if (!breaker.tryAcquirePermission()) {
      return new PostOutcome.Failed("circuit breaker open for " + alertsUri, true);
    }
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(alertsUri)
                  .timeout(requestTimeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return new PostOutcome.Failed("POST " + alertsUri + " failed: " + e, false);
    } catch (InterruptedException e) {
      breaker.releasePermission();
      throw e;
    }
    long elapsed = System.nanoTime() - start;
    int status = response.statusCode();
    String body = abbreviate(response.body());
    if (status >= 200 && status < 300) {
      breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      return new PostOutcome.Accepted(status);
    }
    if (status >= 500 || status == 408 || status == 429) {
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
      return new PostOutcome.Failed(
          "POST " + alertsUri + " answered " + status + ": " + body, false);
    }
    // The Alertmanager is up and answering: not a reason to pause it.
    breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
    if (status < 400 || CONFIGURATION_ERRORS.contains(status)) {
      LOG.error(
          "POST {} answered {}: check the configured Alertmanager URL and credentials. {}",
          alertsUri,
          status,
          body);
      return new PostOutcome.Failed(
          "POST " + alertsUri + " answered " + status + ": " + body, false);
    }
    return new PostOutcome.Rejected(status, body);
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String trimmed = body.strip();
    return trimmed.length() <= MAX_LOGGED_BODY
        ? trimmed
        : trimmed.substring(0, MAX_LOGGED_BODY) + "...";
  }

  @Override
  public String toString() {
    return alertsUri.toString();
  }
}
