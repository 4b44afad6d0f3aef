package io.slipstream.processor.app;

import io.slipstream.contracts.DurationText;
import io.slipstream.processor.aggregation.ErrorClassifier;
import io.slipstream.processor.topology.SliSettings;

/** Reads {@link SliSettings} from the processor configuration, defaults where a key is unset. */
public final class SliSettingsFromConfig {
  private SliSettingsFromConfig() {}

  /**
   * @throws IllegalArgumentException naming the key whose value is malformed
   */
  public static SliSettings read(ProcessorConfig config) {
    SliSettings settings = SliSettings.defaults();
    String bucket = config.get(ProcessorConfig.BUCKET_SIZE);
    if (bucket != null) {
      settings = settings.withBucketSize(parse(ProcessorConfig.BUCKET_SIZE, bucket));
    }
    String grace = config.get(ProcessorConfig.GRACE);
    if (grace != null) {
      settings = settings.withGrace(parse(ProcessorConfig.GRACE, grace));
    }
    String hold = config.get(ProcessorConfig.WATERMARK_MAX_HOLD);
    if (hold != null) {
      settings = settings.withMaxWatermarkHold(parse(ProcessorConfig.WATERMARK_MAX_HOLD, hold));
    }
    String skew = config.get(ProcessorConfig.MAX_FUTURE_SKEW);
    if (skew != null) {
      settings =
          settings.withLimits(
              settings
                  .limits()
                  .withMaxFutureSkew(
                      skew.equals("none") ? null : parse(ProcessorConfig.MAX_FUTURE_SKEW, skew)));
    }
    String maxAge = config.get(ProcessorConfig.MAX_AGE);
    if (maxAge != null) {
      settings =
          settings.withLimits(
              settings
                  .limits()
                  .withMaxAge(
                      maxAge.equals("none") ? null : parse(ProcessorConfig.MAX_AGE, maxAge)));
    }
    String clientErrors = config.get(ProcessorConfig.CLIENT_ERRORS_ARE_ERRORS);
    if (clientErrors != null) {
      settings =
          settings.withErrorClassifier(
              ErrorClassifier.builder()
                  .clientErrorsAreErrors(Boolean.parseBoolean(clientErrors))
                  .build());
    }
    return settings;
  }

  /**
   * Reads the SLO engine's settings: {@code slipstream.evaluation.settle}, defaults elsewhere.
   *
   * @throws IllegalArgumentException naming the key whose value is malformed
   */
  public static io.slipstream.processor.topology.SloSettings readSlo(ProcessorConfig config) {
    io.slipstream.processor.topology.SloSettings settings =
        io.slipstream.processor.topology.SloSettings.defaults();
    String settle = config.get(ProcessorConfig.EVALUATION_SETTLE);
    if (settle != null) {
      try {
        // 0s, the default, is a valid choice: immediate evaluation.
        settings = settings.withSettle(DurationText.parseNonNegative(settle));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            ProcessorConfig.EVALUATION_SETTLE + ": " + e.getMessage(), e);
      }
    }
    return settings;
  }

  private static java.time.Duration parse(String key, String value) {
    try {
      return DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
