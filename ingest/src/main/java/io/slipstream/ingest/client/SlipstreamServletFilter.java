package io.slipstream.ingest.client;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A Jakarta Servlet filter (Servlet 5+) that records one request event per HTTP request:
 *
 * <pre>{@code
 * servletContext.addFilter("slipstream", new SlipstreamServletFilter(publisher))
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Latency is measured around the rest of the chain (to the end of an async request, if one is
 * started). The status is the response's; a request that throws counts as 500. Trace ids come from
 * the {@code traceparent} header, else from the current OpenTelemetry span. The operation is {@code
 * <method> <pattern>}: the pattern is Spring MVC's best matching pattern when present (a route
 * template such as {@code /users/{id}}), else the servlet mapping's pattern ({@code /api/*}), never
 * the raw URL, which would explode cardinality. Pass an {@code operationNamer} to name requests
 * otherwise.
 */
public final class SlipstreamServletFilter implements Filter {

  /** Where Spring MVC leaves the route template of the handler that served the request. */
  static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final SlipstreamPublisher publisher;
  private final Function<HttpServletRequest, String> operationNamer;

  /** Names operations by method and route pattern (see the class doc). */
  public SlipstreamServletFilter(SlipstreamPublisher publisher) {
    this(publisher, SlipstreamServletFilter::defaultOperation);
  }

  /** Names operations with {@code operationNamer}, called after the request was handled. */
  public SlipstreamServletFilter(
      SlipstreamPublisher publisher, Function<HttpServletRequest, String> operationNamer) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.operationNamer = Objects.requireNonNull(operationNamer, "operationNamer");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    long start = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      if (!failed && http.isAsyncStarted()) {
        http.getAsyncContext().addListener(new RecordOnCompletion(http, httpResponse, start));
      } else {
        record(http, failed ? 500 : httpResponse.getStatus(), start);
      }
    }
  }

  private void record(HttpServletRequest request, int status, long startNanos) {
    try {
      publisher
          .request(operationNamer.apply(request))
          .statusCode(status)
          .latency(Duration.ofNanos(System.nanoTime() - startNanos))
          .traceparent(request.getHeader(TraceParent.HEADER))
          .record();
    } catch (RuntimeException e) {
      // Recording must never fail the service's request; the publisher counts what it drops.
    }
  }

  static String defaultOperation(HttpServletRequest request) {
    Object pattern = request.getAttribute(SPRING_BEST_MATCHING_PATTERN);
    String route;
    if (pattern instanceof String template && !template.isBlank()) {
      route = template;
    } else {
      HttpServletMapping mapping = request.getHttpServletMapping();
      route = mapping == null || mapping.getPattern().isEmpty() ? "/" : mapping.getPattern();
    }
    return request.getMethod() + " " + route;
  }

  /** Records an async request once, when it completes, times out or fails. */
  private final class RecordOnCompletion implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long startNanos;
    private final AtomicBoolean recorded = new AtomicBoolean();

    RecordOnCompletion(HttpServletRequest request, HttpServletResponse response, long startNanos) {
      this.request = request;
      this.response = response;
      this.startNanos = startNanos;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      once(response.getStatus());
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      once(503);
    }

    @Override
    public void onError(AsyncEvent event) {
      once(500);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }

    private void once(int status) {
      if (recorded.compareAndSet(false, true)) {
        record(request, status, startNanos);
      }
    }
  }
}
