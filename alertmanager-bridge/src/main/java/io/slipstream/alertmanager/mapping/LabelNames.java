package io.slipstream.alertmanager.mapping;

/**
 * Makes arbitrary keys valid Prometheus label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}), which
 * Alertmanager 0.25 requires of label and annotation names alike: every other character becomes
 * {@code _}, and a leading digit gets a {@code _} in front. SLO definitions may carry Kubernetes
 * style keys such as {@code app.kubernetes.io/name}; without this, Alertmanager would refuse every
 * alert of such an SLO with a 400.
 */
final class LabelNames {
  private LabelNames() {}

  /** Returns {@code key} as a valid label name; an empty key stays empty (callers drop it). */
  static String sanitize(String key) {
    StringBuilder name = new StringBuilder(key.length() + 1);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (i == 0 && digit) {
        name.append('_');
      }
      name.append(letter || digit ? c : '_');
    }
    return name.toString();
  }
}
