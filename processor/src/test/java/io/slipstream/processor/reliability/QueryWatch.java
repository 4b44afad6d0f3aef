package io.slipstream.processor.reliability;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks every watched instance's query API about every service, over and over, and keeps each
 * answer: the API must answer 200, or 503 with {@code Retry-After} while a service's task moves. A
 * service is not known (404) until its first events are counted; that is not held against it.
 */
final class QueryWatch implements AutoCloseable {
  private static final Duration ROUND = Duration.ofMillis(250);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** One answer: when (nanoTime), from which port, about which service. */
  record Answer(long at, int port, String service, int status, boolean retryAfter) {}

  private final List<String> services;
  private final Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Thread thread = new Thread(this::run, "query-watch");
  private volatile boolean running = true;

  QueryWatch(List<String> services) {
    this.services = List.copyOf(services);
    thread.setDaemon(true);
  }

  void watch(int port) {
    ports.add(port);
  }

  /** Stops asking {@code port}; called before its instance is killed. */
  void unwatch(int port) {
    ports.remove(port);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      round();
      try {
        Thread.sleep(ROUND.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Asks every watched port about every service once; true when all answered 200. */
  private boolean round() {
    boolean all = true;
    for (int port : List.copyOf(ports)) {
      for (String service : services) {
        Answer answer = ask(port, service);
        if (!ports.contains(port)) {
          continue; // unwatched while asking: its instance is being killed
        }
        answers.add(answer);
        all &= answer.status() == 200;
      }
    }
    return all;
  }

  private Answer ask(int port, String service) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/services/" + service + "/sli?window=5m"))
            .timeout(TIMEOUT)
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          System.nanoTime(),
          port,
          service,
          response.statusCode(),
          response.headers().firstValue("Retry-After").isPresent());
    } catch (java.io.IOException e) {
      return new Answer(System.nanoTime(), port, service, -1, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(System.nanoTime(), port, service, -1, false);
    }
  }

  /** Waits until one round gets 200 from every watched instance for every service. */
  void awaitAllAnswering(Duration limit) {
    await("every instance answers for every service")
        .atMost(limit)
        .pollInterval(ROUND)
        .until(this::round);
  }

  void stop() {
    running = false;
    try {
      thread.join(TIMEOUT.toMillis() * 4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int answers() {
    return answers.size();
  }

  long unavailable() {
    return answers.stream().filter(a -> a.status() == 503).count();
  }

  long unavailableBefore(long time) {
    return answers.stream().filter(a -> a.status() == 503 && a.at() < time).count();
  }

  /** Answers that break the contract: neither 200, nor 503 with Retry-After, nor an early 404. */
  List<Answer> failures() {
    Set<String> known = new HashSet<>();
    List<Answer> failures = new ArrayList<>();
    for (Answer answer : answers) {
      if (answer.status() == 200) {
        known.add(answer.service());
      } else if (answer.status() == 503 && answer.retryAfter()) {
        continue;
      } else if (answer.status() == 404 && !known.contains(answer.service())) {
        continue;
      } else {
        failures.add(answer);
      }
    }
    return failures;
  }

  /**
   * The longest run of 503s one instance gave about one service that began in [from, to), until its
   * next 200 (or its last answer), in nanoseconds.
   */
  long longestUnavailable(long from, long to) {
    Map<String, Long> runStart = new HashMap<>();
    long longest = 0;
    for (Answer answer : answers) {
      String key = answer.port() + " " + answer.service();
      if (answer.status() == 503) {
        if (!runStart.containsKey(key) && answer.at() >= from && answer.at() < to) {
          runStart.put(key, answer.at());
        }
      } else if (runStart.containsKey(key)) {
        longest = Math.max(longest, answer.at() - runStart.remove(key));
      }
    }
    return longest;
  }

  @Override
  public void close() {
    stop();
  }
}
