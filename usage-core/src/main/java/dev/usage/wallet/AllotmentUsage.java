package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.plan.CreditType;

/**
 * How much of one plan allotment is used.
 *
 * <p>The allotment is in allotment units (minutes) and usage in metered units (seconds): compare
 * {@link #used()} with {@link #allottedMetered()}, never with {@link #allotted()}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param type the credit type
 * @param allotted the plan's allotment, in {@linkplain CreditType#allotmentUnit() allotment units}
 * @param used the usage so far, in {@linkplain CreditType#meteredUnit() metered units}; for a
 *     {@linkplain CreditType#isGauge() gauge}, the peak level recorded
 * @param band the health band of {@code used} against the allotment
 */
public record AllotmentUsage(CreditType type, long allotted, long used, HealthBand band) {

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the allotment or usage is negative
   * @param type the credit type
   * @param allotted the plan's allotment, in {@linkplain CreditType#allotmentUnit() allotment units}
   * @param used the usage so far, in {@linkplain CreditType#meteredUnit() metered units}; for a
   *     {@linkplain CreditType#isGauge() gauge}, the peak level recorded
   * @param band the health band of {@code used} against the allotment
   */
  public AllotmentUsage {
    requireNonNull(type, "type");
    requireNonNull(band, "band");
    if (allotted < 0) {
      throw new IllegalArgumentException("allotment of " + type + " must not be negative but was " + allotted);
    }
    if (used < 0) {
      throw new IllegalArgumentException("usage of " + type + " must not be negative but was " + used);
    }
  }

  /** {@return the allotment in metered units, e.g. seconds for a minutes allotment} */
  public long allottedMetered() {
    return type.toMetered(allotted);
  }
}
