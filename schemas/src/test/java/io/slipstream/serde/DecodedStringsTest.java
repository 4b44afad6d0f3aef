package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DecodedStringsTest {

  /** Whatever the bytes (any length, invalid UTF-8 included), the string is what Java decodes. */
  @Property(tries = 300)
  void shouldDecodeEveryByteSequenceAsJavaDoes(
      @ForAll @Size(max = 200) List<@Size(max = 100) byte[]> values,
      @ForAll @IntRange(min = 0, max = 7) int padding) {
    DecodedStrings strings = new DecodedStrings();
    for (int round = 0; round < 2; round++) {
      for (byte[] value : values) {
        byte[] buffer = new byte[value.length + 2 * padding];
        System.arraycopy(value, 0, buffer, padding, value.length);
        assertThat(strings.decode(buffer, padding, value.length))
            .isEqualTo(new String(value, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void shouldGiveTheSameObjectForANameDecodedAgain() {
    DecodedStrings strings = new DecodedStrings();
    String first = decode(strings, "POST /checkout/{id}/pay");
    assertThat(decode(strings, "POST /checkout/{id}/pay")).isSameAs(first);
    assertThat(decode(strings, "GET /checkout")).isNotSameAs(first).isEqualTo("GET /checkout");
  }

  @Test
  void shouldKeepNamesThatRepeatAmongValuesThatNeverDo() {
    DecodedStrings strings = new DecodedStrings();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      names.add("service-" + i);
    }
    List<String> previous = new ArrayList<>(names.stream().map(n -> decode(strings, n)).toList());
    Random random = new Random(7);
    int kept = 0;
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < names.size(); i++) {
        // Between two uses of a name, a trace id and a span id that are never seen again.
        decode(strings, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        decode(strings, Long.toHexString(random.nextLong()));
        String decoded = decode(strings, names.get(i));
        if (decoded == previous.get(i)) {
          kept++;
        }
        previous.set(i, decoded);
      }
    }
    // Two thousand one-off values between two uses of a name, through 8,192 slots: a name loses
    // its slot only to two of them in a row, or to a name sharing its slot (about 1 in 9 of a
    // thousand names do, and one of each pair keeps missing). Measured: 86.5 % found again.
    assertThat(kept).isGreaterThan(16_000);
  }

  @Test
  void shouldDecodeAStringLongerThanTheLimitAfresh() {
    DecodedStrings strings = new DecodedStrings();
    String longName = "x".repeat(DecodedStrings.MAX_LENGTH + 1);
    String first = decode(strings, longName);
    assertThat(decode(strings, longName)).isEqualTo(first).isNotSameAs(first);
  }

  private static String decode(DecodedStrings strings, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return strings.decode(bytes, 0, bytes.length);
  }
}
