package io.slipstream.processor.query;

/**
 * A request the API refuses, answered with {@code status} and a JSON body {@code {"error": code,
 * "parameter": parameter, "message": message}}; never a stack trace.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String parameter;
  private final Integer retryAfterSeconds;

  private ApiException(
      int status, String code, String parameter, String message, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.parameter = parameter;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: {@code parameter} is missing, malformed or out of range. */
  public static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, "bad_parameter", parameter, message, null);
  }

  /** 404: the SLO, service or endpoint does not exist. */
  public static ApiException notFound(String parameter, String message) {
    return new ApiException(404, "not_found", parameter, message, null);
  }

  /** 401: no bearer token. */
  public static ApiException payloadTooLarge(String message) {
    return new ApiException(413, "payload_too_large", null, message, null);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", null, message, null);
  }

  /** 403: a bearer token that is not the configured one. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", null, message, null);
  }

  /**
   * 503 with {@code Retry-After}: the answer is not available now (rebalance, restoring state, an
   * owner unreachable); asking again later will work. Never a partial answer.
   */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", null, message, 2);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The offending query or path parameter, or null. */
  public String parameter() {
    return parameter;
  }

  /** Seconds for {@code Retry-After}, or null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
