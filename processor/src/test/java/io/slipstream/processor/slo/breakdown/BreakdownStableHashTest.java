package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link StableHash}, {@link Wtf8} and the contributor encoding they hash. */
class BreakdownStableHashTest {

  /**
   * The hash is part of the stored format (it decides which values a merge of stored minutes
   * keeps), so it must never change: these values are pinned.
   */
  @Test
  void shouldNeverChangeTheHashOfAValue() {
    assertThat(StableHash.of("")).isEqualTo(0x9082a1248c4ecc33L);
    assertThat(StableHash.of("POST /checkout")).isEqualTo(0x732b8a4cb114bfb9L);
    assertThat(StableHash.of("eu-west-1")).isEqualTo(0xa7814cdf5ba819e7L);
    assertThat(StableHash.of("POST /checkout|eu-west-1|503")).isEqualTo(0x7334a0dedd1bf774L);
    assertThat(StableHash.of("r\u00e9gion-\u00e9t\u00e9-\uD83D\uDE80"))
        .isEqualTo(0x459daf49fc9fb878L);
  }

  @Property(tries = 1000)
  void shouldHashAContributorAsItsEncodedValue(
      @ForAll("text") String operation,
      @ForAll("text") String region,
      @ForAll("text") String status) {
    String encoded = new Contributor(operation, region, status).encoded();

    assertThat(new StableHash().ofContributor(operation, region, status))
        .isEqualTo(StableHash.of(encoded));
  }

  @Property(tries = 1000)
  void shouldGiveBackTheContributorItEncoded(
      @ForAll("text") String operation,
      @ForAll("text") String region,
      @ForAll("text") String status) {
    Contributor contributor = new Contributor(operation, region, status);

    assertThat(Contributor.decode(contributor.encoded())).isEqualTo(contributor);
  }

  @Test
  void shouldEscapeTheSeparatorAndTheEscapeInContributorParts() {
    Contributor contributor = new Contributor("GET /a|b", "c\\d", "");

    assertThat(contributor.encoded()).isEqualTo("GET /a\\|b|c\\\\d|");
    assertThat(Contributor.decode("GET /a\\|b|c\\\\d|")).isEqualTo(contributor);
  }

  @Test
  void shouldRejectContributorValuesThatAreNotEncodedContributors() {
    for (String bad : List.of("a|b", "a|b|c|d", "a|b|c\\", "a\\x|b|c", "")) {
      assertThatThrownBy(() -> Contributor.decode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 1000)
  void shouldWriteUtf8ForEveryValidString(@ForAll("text") String text) {
    if (hasLoneSurrogate(text)) {
      return;
    }
    assertThat(wtf8(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 1000)
  void shouldReadBackEveryStringItWrites(@ForAll("text") String text) {
    byte[] bytes = wtf8(text);

    assertThat(Wtf8.length(text)).isEqualTo(bytes.length);
    assertThat(Wtf8.decode(bytes, 0, bytes.length)).isEqualTo(text);
  }

  @Test
  void shouldRejectBytesItWouldNotWrite() {
    List<byte[]> bad =
        List.of(
            new byte[] {(byte) 0x80}, // a lone continuation byte
            new byte[] {(byte) 0xC0, (byte) 0x80}, // NUL, overlong
            new byte[] {(byte) 0xE2, (byte) 0x82}, // truncated
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
            // U+D83D U+DE80 as two three-byte halves instead of one four-byte sequence
            new byte[] {
              (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xBA, (byte) 0x80
            });
    for (byte[] bytes : bad) {
      assertThat(Wtf8.decode(bytes, 0, bytes.length)).isNull();
    }
  }

  private static byte[] wtf8(String text) {
    List<Byte> bytes = new ArrayList<>();
    Wtf8.encode(text, false, b -> bytes.add((byte) b));
    byte[] array = new byte[bytes.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = bytes.get(i);
    }
    return array;
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withChars("|\\ab\uD83D\uDE80\u00e9").ofMaxLength(12),
        Arbitraries.strings().ascii().ofMaxLength(40));
  }
}
