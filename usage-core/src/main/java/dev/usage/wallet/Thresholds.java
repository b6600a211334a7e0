package dev.usage.wallet;

import java.math.BigInteger;

/**
 * The percentages of a limit at which usage turns {@link HealthBand#WARNING} and {@link
 * HealthBand#CRITICAL}.
 *
 * <p>A threshold is reached when usage is <em>at or above</em> it: with the default 75 % and 90 %,
 * 750 of 1,000 is already a warning and 900 of 1,000 already critical. The comparison is exact
 * integer arithmetic ({@code used × 100 ≥ percent × limit}), so no rounding can move usage across a
 * threshold. Against a limit of zero, any usage of zero or more is critical, since nothing is left.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param warningPercent where {@link HealthBand#WARNING} starts, 1 to 99
 * @param criticalPercent where {@link HealthBand#CRITICAL} starts, above {@code warningPercent},
 *     at most 100
 */
public record Thresholds(int warningPercent, int criticalPercent) {

  private static final Thresholds DEFAULTS = new Thresholds(75, 90);
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);
  private static final long FITS = Long.MAX_VALUE / 100;

  /**
   * Validates the percentages.
   *
   * @throws IllegalArgumentException unless {@code 0 < warningPercent < criticalPercent ≤ 100}
   * @param warningPercent where {@link HealthBand#WARNING} starts, 1 to 99
   * @param criticalPercent where {@link HealthBand#CRITICAL} starts, above {@code warningPercent},
   *     at most 100
   */
  public Thresholds {
    if (warningPercent <= 0 || warningPercent >= criticalPercent || criticalPercent > 100) {
      throw new IllegalArgumentException("thresholds must satisfy 0 < warning < critical <= 100 but were warning "
          + warningPercent + " and critical " + criticalPercent);
    }
  }

  /**
   * Obtains thresholds.
   *
   * @param warningPercent where a warning starts, 1 to 99
   * @param criticalPercent where critical starts, above the warning, at most 100
   * @return the thresholds
   * @throws IllegalArgumentException unless {@code 0 < warningPercent < criticalPercent ≤ 100}
   */
  public static Thresholds of(int warningPercent, int criticalPercent) {
    return new Thresholds(warningPercent, criticalPercent);
  }

  /** {@return the default thresholds, 75 % and 90 %} */
  public static Thresholds defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the band of {@code used} out of {@code limit}.
   *
   * @param used how much is used, in the limit's unit
   * @param limit the limit, zero or more
   * @return the band; never better for more usage of the same limit
   * @throws IllegalArgumentException if the limit is negative
   */
  public HealthBand band(long used, long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative but was " + limit);
    }
    if (reached(used, criticalPercent, limit)) {
      return HealthBand.CRITICAL;
    }
    return reached(used, warningPercent, limit) ? HealthBand.WARNING : HealthBand.OK;
  }

  /**
   * {@return the percentage where {@code band} starts, 0 for {@link HealthBand#OK}}
   *
   * @param band a health band
   */
  public int percentOf(HealthBand band) {
    return switch (band) {
      case OK -> 0;
      case WARNING -> warningPercent;
      case CRITICAL -> criticalPercent;
    };
  }

  // used × 100 ≥ percent × limit, in long arithmetic while the products fit (every realistic
  // case, and a band is reviewed after every debit) and in BigInteger beyond.
  private static boolean reached(long used, int percent, long limit) {
    if (used >= -FITS && used <= FITS && limit <= FITS) {
      return used * 100 >= percent * limit;
    }
    return BigInteger.valueOf(used).multiply(HUNDRED)
        .compareTo(BigInteger.valueOf(percent).multiply(BigInteger.valueOf(limit))) >= 0;
  }
}
