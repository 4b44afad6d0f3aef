package io.slipstream.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class LiveWindowStoreTest {
  private final Map<String, AtomicLong> committed = new HashMap<>();
  private final LiveWindowStore<String, AtomicLong> store =
      new LiveWindowStore<>(committedStore(), 1_000_000);

  @Test
  void shouldWriteChangedWindowsThroughAtCommitAndDropOnlyClosedOnes() {
    for (String key : new String[] {"a", "b", "c"}) {
      for (long start = 0; start < 5; start++) {
        store.getOrCreate(key, start, AtomicLong::new).value().incrementAndGet();
      }
    }
    AtomicLong openWindow = store.get("b", 3);
    store.evictWindowsBefore(3);
    assertThat(store.liveObjects()).as("dropped only after the commit").isEqualTo(15);

    store.flushCache();

    assertThat(committed).hasSize(15);
    assertThat(store.liveObjects()).isEqualTo(6);
    assertThat(store.getOrCreate("b", 3, AtomicLong::new).value()).isSameAs(openWindow);
    LiveWindowStore.Lookup<AtomicLong> reloaded = store.getOrCreate("a", 1, AtomicLong::new);
    assertThat(reloaded.created()).as("read back from the committed store").isFalse();
    assertThat(reloaded.value().get()).isEqualTo(1);
  }

  @Test
  void shouldDropAWindowCreatedAgainAfterItWasDropped() {
    store.getOrCreate("a", 1, AtomicLong::new);
    store.getOrCreate("a", 9, AtomicLong::new);
    store.evictWindowsBefore(5);
    store.flushCache();
    assertThat(store.liveObjects()).isEqualTo(1);

    store.getOrCreate("a", 1, AtomicLong::new).value().incrementAndGet(); // a late event
    store.evictWindowsBefore(5);
    store.flushCache();

    assertThat(store.liveObjects()).isEqualTo(1);
    assertThat(committed.get("a@1").get()).isEqualTo(1);
  }

  @Test
  void shouldKeepEveryWindowWhenNoEvictionWasAsked() {
    store.getOrCreate("a", 1, AtomicLong::new);
    store.getOrCreate("b", 2, AtomicLong::new);
    store.flushCache();
    assertThat(store.liveObjects()).isEqualTo(2);
  }

  /** A committed store of the two calls the live store makes per window: fetch and put. */
  @SuppressWarnings("unchecked")
  private WindowStore<String, AtomicLong> committedStore() {
    return (WindowStore<String, AtomicLong>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {WindowStore.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "fetch" -> {
                    AtomicLong value = committed.get(args[0] + "@" + args[1]);
                    yield value == null ? null : new AtomicLong(value.get());
                  }
                  case "put" -> {
                    committed.put(
                        args[0] + "@" + args[2], new AtomicLong(((AtomicLong) args[1]).get()));
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
