package io.slipstream.processor.app;

import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Makes {@link Locale#US} the process's default format locale when the default is plain {@code en}
 * (what the JVM makes of a C or POSIX locale, which most servers and containers have): the locale
 * data of {@code en} are those of US English, so nothing printed changes.
 *
 * <p>Why: while one input partition of a task is empty, Kafka Streams formats a log text with
 * {@code String.format("... %d", ...)} for every record it processes, whether or not the text is
 * logged. {@link java.util.Formatter} looks up the locale's {@link DecimalFormatSymbols} for every
 * {@code %d} unless the locale is {@code Locale.US} itself, which doubles what each such call costs
 * (docs/benchmarks.md). Another locale, whose digits or separators differ, is left alone.
 */
final class FormatLocale {
  private FormatLocale() {}

  /**
   * Sets the default format locale to {@code Locale.US} if the current one formats numbers the same
   * way.
   *
   * @return whether it changed
   */
  static boolean preferUsWhereEquivalent() {
    Locale current = Locale.getDefault(Locale.Category.FORMAT);
    if (!isPlainEnglish(current) || !formatsNumbersLikeUs(current)) {
      return false;
    }
    Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    return true;
  }

  /** {@code en} with no region, script, variant or extension. */
  static boolean isPlainEnglish(Locale locale) {
    return locale.getLanguage().equals("en")
        && locale.getCountry().isEmpty()
        && locale.getScript().isEmpty()
        && locale.getVariant().isEmpty()
        && !locale.hasExtensions();
  }

  /** Whether {@code locale} writes digits, signs and separators exactly as {@code Locale.US}. */
  static boolean formatsNumbersLikeUs(Locale locale) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
    DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
    return symbols.getZeroDigit() == us.getZeroDigit()
        && symbols.getDecimalSeparator() == us.getDecimalSeparator()
        && symbols.getGroupingSeparator() == us.getGroupingSeparator()
        && symbols.getMinusSign() == us.getMinusSign()
        && symbols.getPercent() == us.getPercent()
        && symbols.getPerMill() == us.getPerMill()
        && symbols.getExponentSeparator().equals(us.getExponentSeparator())
        && symbols.getInfinity().equals(us.getInfinity())
        && symbols.getNaN().equals(us.getNaN());
  }
}
