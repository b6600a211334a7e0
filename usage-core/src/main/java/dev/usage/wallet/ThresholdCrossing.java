package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.plan.CreditType;
import java.time.Instant;
import java.util.Optional;

/**
 * News that usage rose to or past a threshold.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose wallet it is
 * @param creditType the allotment concerned, or empty for the credit balance
 * @param band the band just entered: {@link HealthBand#WARNING} or {@link HealthBand#CRITICAL}
 * @param percent the threshold crossed, in percent
 * @param used the usage that crossed it: metered units of the allotment, or micro-credits consumed
 *     of the live grants for the balance
 * @param limit the limit, in the same unit as {@code used}
 * @param at when the wallet noticed the crossing, by its clock
 */
public record ThresholdCrossing(
    TenantId tenant, Optional<CreditType> creditType, HealthBand band, int percent, long used, long limit, Instant at) {

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the band is {@link HealthBand#OK}
   * @param tenant whose wallet it is
   * @param creditType the allotment concerned, or empty for the credit balance
   * @param band the band just entered: {@link HealthBand#WARNING} or {@link HealthBand#CRITICAL}
   * @param percent the threshold crossed, in percent
   * @param used the usage that crossed it: metered units of the allotment, or micro-credits consumed
   *     of the live grants for the balance
   * @param limit the limit, in the same unit as {@code used}
   * @param at when the wallet noticed the crossing, by its clock
   */
  public ThresholdCrossing {
    requireNonNull(tenant, "tenant");
    requireNonNull(creditType, "creditType");
    requireNonNull(band, "band");
    requireNonNull(at, "at");
    if (band == HealthBand.OK) {
      throw new IllegalArgumentException("a threshold crossing enters WARNING or CRITICAL, not " + band);
    }
  }
}
