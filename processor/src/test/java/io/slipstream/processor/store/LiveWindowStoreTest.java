package io.slipstream.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  @Test
  void shouldTellTheFirstChangeOfAWindowSinceTheLastCommit() {
    assertThat(store.getOrCreate("a", 1, AtomicLong::new).firstChange()).isTrue();
    assertThat(store.getOrCreate("a", 1, AtomicLong::new).firstChange()).isFalse();

    store.flushCache();

    assertThat(store.getOrCreate("a", 1, AtomicLong::new).firstChange()).isTrue();
  }

  @Test
  void shouldReplaceAWindowsValueAndWriteItThrough() {
    store.getOrCreate("a", 1, AtomicLong::new).value().set(5);
    store.put("a", 1, new AtomicLong(7));
    store.put("b", 2, new AtomicLong(3));

    store.flushCache();

    assertThat(committed.get("a@1").get()).isEqualTo(7);
    assertThat(committed.get("b@2").get()).isEqualTo(3);
    assertThat(store.get("a", 1).get()).isEqualTo(7);
  }

  @Test
  void shouldBringDerivedKeysUpToDateBeforeTheyAreReadOrCommitted() {
    // "sum" is derived: the total of every other key's window.
    List<String> calls = new ArrayList<>();
    store.deriveKeys(
        new LiveWindowStore.Derivation<>() {
          @Override
          public boolean derives(String key) {
            return key.equals("sum");
          }

          @Override
          public void beforeRead(String key, long from, long to) {
            calls.add("read " + key + " " + from + ".." + to);
            store.put("sum", 1, new AtomicLong(store.get("x", 1).get() + store.get("y", 1).get()));
          }

          @Override
          public void beforeCommit() {
            calls.add("commit");
            beforeRead("sum", 1, 1);
          }
        });
    store.getOrCreate("x", 1, AtomicLong::new).value().set(2);
    store.getOrCreate("y", 1, AtomicLong::new).value().set(3);

    assertThat(store.get("sum", 1).get()).isEqualTo(5);
    assertThat(calls).containsExactly("read sum 1..1");
    store.get("x", 1);
    assertThat(calls).as("an underived key reads as it is").hasSize(1);

    store.getOrCreate("y", 1, AtomicLong::new).value().set(10);
    store.flushCache();

    assertThat(calls).containsExactly("read sum 1..1", "commit", "read sum 1..1");
    assertThat(committed.get("sum@1").get()).isEqualTo(12);
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
