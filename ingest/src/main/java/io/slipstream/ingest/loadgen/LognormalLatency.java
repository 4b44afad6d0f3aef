package io.slipstream.ingest.loadgen;

import java.util.random.RandomGenerator;

/**
 * Request latencies drawn from a lognormal distribution: {@code median × exp(sigma × Z)} with Z
 * standard normal, the usual shape of service latencies (a bulk near the median and a long right
 * tail). With sigma 0.5 the p99 is about 3.2 × the median; with sigma 1, about 10 ×.
 *
 * @param medianMicros the median (= the geometric mean) in microseconds, positive
 * @param sigma the standard deviation of the latency's logarithm, not negative
 */
public record LognormalLatency(double medianMicros, double sigma) {

  public LognormalLatency {
    if (!(medianMicros > 0) || !(sigma >= 0)) {
      throw new IllegalArgumentException(
          "median must be positive and sigma not negative, were " + medianMicros + ", " + sigma);
    }
  }

  /** Draws one latency in microseconds, at least 1. */
  public long sample(RandomGenerator random) {
    return Math.max(1, Math.round(medianMicros * Math.exp(sigma * random.nextGaussian())));
  }

  /** Returns the {@code p}-quantile in microseconds, for {@code p} in (0, 1). */
  public double quantile(double p) {
    return medianMicros * Math.exp(sigma * inverseStandardNormal(p));
  }

  /** Returns the mean in microseconds: {@code median × exp(sigma² / 2)}. */
  public double mean() {
    return medianMicros * Math.exp(sigma * sigma / 2);
  }

  /** Returns the same distribution with every latency multiplied by {@code factor}. */
  public LognormalLatency scaled(double factor) {
    return new LognormalLatency(medianMicros * factor, sigma);
  }

  /**
   * The standard normal quantile function, by Acklam's rational approximation (relative error below
   * 1.2e-9), enough for a load generator and its tests.
   */
  static double inverseStandardNormal(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), was " + p);
    }
    double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
