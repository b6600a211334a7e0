/**
 * Turns measured usage into what is billed.
 *
 * <p>{@link dev.usage.pricing.BillingIncrement} rounds call time up to the blocks a plan or carrier
 * bills in. All arithmetic is exact: durations stay {@link java.time.Duration}s and minutes are
 * {@link java.math.BigDecimal}s, never {@code double}.
 */
package dev.usage.pricing;
