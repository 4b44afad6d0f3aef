package io.slipstream.serde;

/**
 * An error answered by the schema registry, or the failure to reach it.
 *
 * <p>{@link #errorCode()} is the registry's {@code error_code} (40401 subject not found, 40402
 * version not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema, 50001
 * store error, …), or {@link #UNREACHABLE} when no answer came.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int UNREACHABLE = -1;
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = UNREACHABLE;
    this.errorCode = UNREACHABLE;
  }

  /** The HTTP status, or {@link #UNREACHABLE}. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, or {@link #UNREACHABLE}. */
  public int errorCode() {
    return errorCode;
  }

  /** True for failures that a later attempt may not see: no answer, or a 5xx. */
  public boolean isRetriable() {
    return httpStatus == UNREACHABLE || httpStatus >= 500;
  }

  /** True when the registry does not know the schema, subject or version asked for. */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
