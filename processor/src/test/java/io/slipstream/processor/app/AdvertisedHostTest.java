package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdvertisedHostTest {
  private final AtomicInteger lookups = new AtomicInteger();
  private final Supplier<Optional<String>> localHost =
      () -> {
        lookups.incrementAndGet();
        return Optional.of("build-host-7");
      };

  private String resolve(Map<String, String> settings, Map<String, String> environment) {
    return AdvertisedHost.resolve(ProcessorConfig.of(settings), environment, localHost);
  }

  @Test
  void shouldAdvertiseTheHostNameTheContainerPlatformGaveWhenNothingIsSet() {
    assertThat(resolve(Map.of(), Map.of("HOSTNAME", "slipstream-0"))).isEqualTo("slipstream-0");
    assertThat(lookups).hasValue(0);
  }

  @Test
  void shouldAdvertiseTheLocalHostsNameOutsideContainers() {
    assertThat(resolve(Map.of(), Map.of())).isEqualTo("build-host-7");
    assertThat(resolve(Map.of(), Map.of("HOSTNAME", " "))).isEqualTo("build-host-7");
  }

  @Test
  void shouldFallBackToLocalhostWhenTheLocalHostsNameIsUnknown() {
    assertThat(
            AdvertisedHost.resolve(ProcessorConfig.of(Map.of()), Map.of(), () -> Optional.empty()))
        .isEqualTo("localhost");
  }

  @Test
  void shouldPreferTheAdvertisedHostSetting() {
    Map<String, String> settings = new HashMap<>();
    settings.put(ProcessorConfig.HTTP_ADVERTISED_HOST, "slipstream-0.slipstream.prod.svc");
    settings.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");

    assertThat(resolve(settings, Map.of("HOSTNAME", "slipstream-0")))
        .isEqualTo("slipstream-0.slipstream.prod.svc");
  }

  @Test
  void shouldAdvertiseASpecificBindAddressTheOnlyPlaceTheServerAnswers() {
    assertThat(resolve(Map.of(ProcessorConfig.HTTP_HOST, "127.0.0.1"), Map.of("HOSTNAME", "box")))
        .isEqualTo("127.0.0.1");
    assertThat(resolve(Map.of(ProcessorConfig.HTTP_HOST, "::1"), Map.of())).isEqualTo("[::1]");
  }

  @Test
  void shouldNotAdvertiseAWildcardBindAddress() {
    for (String wildcard : new String[] {"0.0.0.0", "::", " 0.0.0.0 "}) {
      assertThat(resolve(Map.of(ProcessorConfig.HTTP_HOST, wildcard), Map.of("HOSTNAME", "box")))
          .as(wildcard)
          .isEqualTo("box");
    }
  }
}
