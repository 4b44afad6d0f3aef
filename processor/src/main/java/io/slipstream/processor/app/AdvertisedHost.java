package io.slipstream.processor.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The host name other instances use to reach this one's HTTP server: with the port it becomes
 * {@code application.server}, which Kafka Streams shares with the group so that a query for a key
 * another instance owns can be forwarded there.
 *
 * <p>The first that applies:
 *
 * <ol>
 *   <li>{@value ProcessorConfig#HTTP_ADVERTISED_HOST}, as set;
 *   <li>the bind address {@value ProcessorConfig#HTTP_HOST}, if it is a specific address rather
 *       than a wildcard ({@code 0.0.0.0}, {@code ::}): a server bound to {@code 127.0.0.1} can be
 *       reached there and nowhere else;
 *   <li>the {@code HOSTNAME} environment variable, which container platforms set: Docker to the
 *       container's host name (resolvable on its networks), Kubernetes to the pod's name. A
 *       StatefulSet's pod is resolvable as {@code <pod>.<headless service>}, not by its bare name,
 *       so a deployment there sets the advertised host to that DNS name;
 *   <li>the local host's name ({@link InetAddress#getLocalHost()});
 *   <li>{@code localhost}, if the local host's name cannot be found.
 * </ol>
 *
 * <p>{@code application.server} itself, when set, wins over all of these.
 */
public final class AdvertisedHost {

  /** The environment variable container platforms set to the host name they gave. */
  public static final String HOSTNAME_ENV = "HOSTNAME";

  private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]", "*");

  private AdvertisedHost() {}

  /**
   * The advertised host for {@code config} in a process with {@code environment}; a pure function
   * but for {@code localHostName}, asked only when nothing else applies.
   *
   * @param localHostName the local host's name, if it can be found
   */
  public static String resolve(
      ProcessorConfig config,
      Map<String, String> environment,
      Supplier<Optional<String>> localHostName) {
    String advertised = nonBlank(config.get(ProcessorConfig.HTTP_ADVERTISED_HOST));
    if (advertised != null) {
      return advertised;
    }
    String bind = config.get(ProcessorConfig.HTTP_HOST, "0.0.0.0").trim();
    if (!WILDCARDS.contains(bind.toLowerCase(Locale.ROOT))) {
      // An IPv6 literal is bracketed, so that the port can follow it.
      return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
    String hostname = nonBlank(environment.get(HOSTNAME_ENV));
    if (hostname != null) {
      return hostname;
    }
    return localHostName.get().map(AdvertisedHost::nonBlank).orElse("localhost");
  }

  /** {@link #resolve} in this process: its environment and its local host's name. */
  public static String resolve(ProcessorConfig config) {
    return resolve(config, System.getenv(), AdvertisedHost::localHostName);
  }

  /** The local host's name, or empty if it cannot be resolved (a misconfigured host). */
  static Optional<String> localHostName() {
    try {
      return Optional.of(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
