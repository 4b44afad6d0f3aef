package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {
  private Locale before;

  @BeforeEach
  void remember() {
    before = Locale.getDefault(Locale.Category.FORMAT);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(Locale.Category.FORMAT, before);
  }

  @Test
  void shouldTakeUsFormattingForPlainEnglish() {
    Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH);
    String printed = String.format("%d %,d %.2f %e", -42L, 1234567L, 3.14159, 12345.678);

    assertThat(FormatLocale.preferUsWhereEquivalent()).isTrue();

    assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
    assertThat(String.format("%d %,d %.2f %e", -42L, 1234567L, 3.14159, 12345.678))
        .as("nothing printed changes")
        .isEqualTo(printed);
  }

  @Test
  void shouldLeaveOtherLocalesAlone() {
    Locale german = Locale.GERMANY;
    Locale.setDefault(Locale.Category.FORMAT, german);

    assertThat(FormatLocale.preferUsWhereEquivalent()).isFalse();

    assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(german);
    assertThat(String.format("%.1f", 1.5)).isEqualTo("1,5");
  }

  @Test
  void shouldLeaveUsAndEnglishOfOtherRegionsAlone() {
    for (Locale locale : new Locale[] {Locale.US, Locale.UK, Locale.forLanguageTag("en-IN")}) {
      Locale.setDefault(Locale.Category.FORMAT, locale);

      assertThat(FormatLocale.preferUsWhereEquivalent()).as(locale.toString()).isFalse();
      assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(locale);
    }
    assertThat(FormatLocale.formatsNumbersLikeUs(Locale.FRANCE)).isFalse();
  }
}
