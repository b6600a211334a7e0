/**
 * Turns measured usage into credits, exactly, once per event.
 *
 * <p>{@link dev.usage.pricing.CreditCalculator} prices a {@link dev.usage.event.UsageEvent} with
 * the {@link dev.usage.pricing.RateCard} in force at the event's time, found in a {@link
 * dev.usage.pricing.RateCardHistory} of versions. A card holds a {@link dev.usage.pricing.Rate} per
 * metric (credits per N units), a {@link dev.usage.pricing.CreditMultiplier} per (provider, model)
 * for token metrics, an optional factor that prices cached tokens at a fraction of the prompt-token
 * rate, and the {@link dev.usage.pricing.BillingIncrement} that rounds call time up to whole blocks
 * for rates billed in increments. The result, a {@link dev.usage.pricing.PricedEvent} with its
 * {@link dev.usage.pricing.PricingTrace}, is what gets stored: later rate cards never change it, and
 * a reversal negates its credits rather than re-pricing.
 *
 * <p>Amounts are {@link dev.usage.pricing.Credits}, a {@code long} of micro-credits (scale 6):
 * sums are exact and overflow throws {@link dev.usage.UsageOverflowException}. The one rounding is
 * when an event is priced, with {@link dev.usage.pricing.CreditCalculator#ROUNDING}; an invoice
 * total is the exact sum of its events' credits. {@link dev.usage.pricing.CreditPrice} shows credits
 * as {@link dev.usage.pricing.Money}, converting a sum once. Nothing is ever a {@code double}.
 */
package dev.usage.pricing;
