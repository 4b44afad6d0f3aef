package io.slipstream.processor.slo.engine;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One burn-rate rule's threshold as an exact fraction of bad events: a window exceeds burn rate
 * {@code b} of an SLO with target {@code t} when {@code bad / total > b · (1 − t)}, tested here as
 * {@code bad · d > n · total} on integers, with {@code n / d = b · (1 − t)} taken from the decimal
 * values as written. Floating point would make {@code bad / total / (1 − t)} land a hair beside the
 * threshold (1 − 0.999 is not 0.001 in binary), so that {@code gte} and {@code gt} could not be
 * told apart at the boundary.
 *
 * @param numerator n
 * @param denominator d, positive
 * @param inclusive whether reaching the threshold is enough ({@code op: gte}) or it must be
 *     exceeded ({@code op: gt}, the default)
 */
record BurnRateThreshold(BigInteger numerator, BigInteger denominator, boolean inclusive) {

  static BurnRateThreshold of(double target, double burnRate, boolean inclusive) {
    BigDecimal budget = BigDecimal.ONE.subtract(BigDecimal.valueOf(target));
    BigDecimal fraction = BigDecimal.valueOf(burnRate).multiply(budget);
    BigInteger numerator = fraction.unscaledValue();
    BigInteger denominator = BigInteger.ONE;
    if (fraction.scale() > 0) {
      denominator = BigInteger.TEN.pow(fraction.scale());
    } else {
      numerator = numerator.multiply(BigInteger.TEN.pow(-fraction.scale()));
    }
    return new BurnRateThreshold(numerator, denominator, inclusive);
  }

  /** Whether {@code bad} of {@code total} events burn at or above (or above) the threshold. */
  boolean reachedBy(long bad, long total) {
    if (total <= 0) {
      return false;
    }
    int comparison;
    if (numerator.bitLength() < 63 && denominator.bitLength() < 63) {
      try {
        comparison =
            Long.compare(
                Math.multiplyExact(bad, denominator.longValue()),
                Math.multiplyExact(numerator.longValue(), total));
        return inclusive ? comparison >= 0 : comparison > 0;
      } catch (ArithmeticException overflow) {
        // fall through to exact arithmetic on big integers
      }
    }
    comparison =
        BigInteger.valueOf(bad)
            .multiply(denominator)
            .compareTo(numerator.multiply(BigInteger.valueOf(total)));
    return inclusive ? comparison >= 0 : comparison > 0;
  }
}
