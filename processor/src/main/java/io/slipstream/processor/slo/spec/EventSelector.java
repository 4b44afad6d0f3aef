package io.slipstream.processor.slo.spec;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Selects request events by their fields. Every non-empty criterion must match; an empty selector
 * matches every event of the SLO's service.
 *
 * <p>The parser normalises the values: outcomes are upper-case {@link Outcome} names, status
 * classes are lower-case ({@code 5xx}) or three-digit codes ({@code 429}).
 *
 * @param operations glob patterns over the operation ({@code *} any run of characters, {@code ?}
 *     one), e.g. {@code GET /cart*}; empty = any operation
 * @param outcomes outcome names ({@code SUCCESS}, {@code ERROR}, …); empty = any
 * @param statusClasses status classes {@code 1xx}…{@code 5xx}, or exact codes such as {@code 429};
 *     empty = any (events without a status code match only an empty list)
 * @param regions regions; empty = any (events without a region match only an empty list)
 */
public record EventSelector(
    List<String> operations, Set<String> outcomes, Set<String> statusClasses, Set<String> regions) {
  // Indexed by code / 100, so matching a class allocates nothing.
  private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};
  // The codes 0..599 as text, so matching an exact code allocates nothing either.
  private static final String[] STATUS_CODES =
      IntStream.range(0, 600).mapToObj(Integer::toString).toArray(String[]::new);

  public EventSelector {
    operations = List.copyOf(operations);
    outcomes = Set.copyOf(outcomes);
    statusClasses = Set.copyOf(statusClasses);
    regions = Set.copyOf(regions);
  }

  /** Matches every event. */
  public static EventSelector any() {
    return new EventSelector(List.of(), Set.of(), Set.of(), Set.of());
  }

  /** Whether this selector has no criterion, i.e. matches every event. */
  public boolean isAny() {
    return operations.isEmpty()
        && outcomes.isEmpty()
        && statusClasses.isEmpty()
        && regions.isEmpty();
  }

  /** Whether {@code event} matches every non-empty criterion. */
  public boolean matches(RequestEvent event) {
    return matches(
        event.getOperation(), event.getOutcome(), event.getStatusCode(), event.getRegion());
  }

  /**
   * Whether an event with these fields matches every non-empty criterion. Allocation-free: globs
   * are matched directly, without regular expressions.
   *
   * @param operation the event's operation; {@code null} matches only an empty operation list
   * @param outcome the event's outcome; {@code null} is read as {@link Outcome#UNKNOWN}
   * @param statusCode the HTTP status code, or {@code null} for requests that are not HTTP
   * @param region the event's region, or {@code null}
   */
  public boolean matches(String operation, Outcome outcome, Integer statusCode, String region) {
    if (!operations.isEmpty() && !anyGlobMatches(operation)) {
      return false;
    }
    if (!outcomes.isEmpty()
        && !outcomes.contains((outcome == null ? Outcome.UNKNOWN : outcome).name())) {
      return false;
    }
    if (!statusClasses.isEmpty() && !statusMatches(statusCode)) {
      return false;
    }
    return regions.isEmpty() || (region != null && regions.contains(region));
  }

  private boolean anyGlobMatches(String operation) {
    if (operation == null) {
      return false;
    }
    for (String pattern : operations) {
      if (globMatches(pattern, operation)) {
        return true;
      }
    }
    return false;
  }

  private boolean statusMatches(Integer statusCode) {
    if (statusCode == null) {
      return false;
    }
    int code = statusCode;
    if (code < 100 || code > 599) {
      return false;
    }
    return statusClasses.contains(STATUS_CLASSES[code / 100])
        || statusClasses.contains(STATUS_CODES[code]);
  }

  /**
   * Whether {@code text} matches the glob {@code pattern} as a whole: {@code *} matches any run of
   * characters (also none), {@code ?} exactly one, every other character itself (case-sensitive).
   */
  public static boolean globMatches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int starPattern = -1;
    int starText = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        starPattern = p++;
        starText = t;
      } else if (starPattern >= 0) {
        // Let the last star swallow one more character and retry from there.
        p = starPattern + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
