package io.slipstream.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyWindowsTest {
  @Test
  void shouldFindEveryWindowWhateverTheOrderTheyWereAdded() {
    List<Long> starts = new ArrayList<>();
    for (long start = 0; start < 200; start++) {
      starts.add(start * 10_000);
    }
    Collections.shuffle(starts, new Random(7));
    KeyWindows<String> windows = new KeyWindows<>();
    for (long start : starts) {
      windows.add(new KeyWindows.Entry<>("k", start, "v" + start));
    }

    for (long start : starts) {
      assertThat(windows.<String>find(start).value).isEqualTo("v" + start);
    }
    assertThat(windows.<String>find(5)).isNull();
    assertThat(windows.size()).isEqualTo(200);
  }

  @Test
  void shouldVisitWindowsInTimeOrder() {
    KeyWindows<String> windows = new KeyWindows<>();
    for (long start : new long[] {30, 10, 20, 50, 40}) {
      windows.add(new KeyWindows.Entry<>("k", start, "v" + start));
    }
    List<Long> order = new ArrayList<>();
    windows.<String>forEachBetween(
        20,
        40,
        entry -> {
          order.add(entry.windowStart);
        });

    assertThat(order).containsExactly(20L, 30L, 40L);
  }

  @Test
  void shouldEvictOnlyCleanWindowsBeforeTheBound() {
    KeyWindows<String> windows = new KeyWindows<>();
    KeyWindows.Entry<String, String> changed = new KeyWindows.Entry<>("k", 10, "changed");
    changed.dirty = true;
    windows.add(changed);
    windows.add(new KeyWindows.Entry<>("k", 20, "clean"));
    windows.add(new KeyWindows.Entry<>("k", 30, "open"));

    boolean empty = windows.evictCleanBefore(30);

    assertThat(empty).isFalse();
    assertThat(windows.size()).isEqualTo(2);
    assertThat(windows.<String>find(10).value).isEqualTo("changed");
    assertThat(windows.<String>find(20)).isNull();
    assertThat(windows.<String>find(30).value).isEqualTo("open");
  }
}
