package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Unit;
import java.math.BigDecimal;
import java.util.List;

/**
 * A usage event with the credits it was charged, priced once when it was recorded; this is what
 * stores keep and invoices sum.
 *
 * <p>An ordinary event has zero or positive credits and billable quantity; a reversal, made by
 * {@link CreditCalculator#reverse(PricedEvent, EventId)}, has their negations and the trace of the
 * event it reverses.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param event the event
 * @param credits the credits charged, or refunded when negative
 * @param billableQuantity the quantity billed, unscaled like the event's: the event's quantity, or
 *     more when rounded up by a billing increment
 * @param trace how the credits were computed
 */
public record PricedEvent(UsageEvent event, Credits credits, long billableQuantity, PricingTrace trace) {

  private static final String STEP = BigDecimal.ONE.movePointLeft(Credits.SCALE).toPlainString();

  /**
   * Validates the signs.
   *
   * @throws IllegalArgumentException if the credits or the billable quantity have the wrong sign
   *     for the kind of event
   * @param event the event
   * @param credits the credits charged, or refunded when negative
   * @param billableQuantity the quantity billed, unscaled like the event's: the event's quantity, or
   *     more when rounded up by a billing increment
   * @param trace how the credits were computed
   */
  public PricedEvent {
    requireNonNull(event, "event");
    requireNonNull(credits, "credits");
    requireNonNull(trace, "trace");
    if (event.isReversal()) {
      if (credits.isPositive() || billableQuantity > 0) {
        throw new IllegalArgumentException("reversal " + event.id()
            + " must carry negated credits and billable quantity but had " + credits + " and " + billableQuantity);
      }
    } else {
      if (credits.isNegative() || billableQuantity < 0) {
        throw new IllegalArgumentException("event " + event.id()
            + " must not carry negative credits or billable quantity but had " + credits + " and " + billableQuantity);
      }
    }
  }

  /**
   * Returns the reversal of this event: its reversal event with negated billable quantity and
   * credits and this event's trace. Nothing is re-priced, so a reversal refunds exactly what the
   * event was charged, however rate cards changed since.
   *
   * @param reversalId the id of the reversal, different from this event's
   * @return the priced reversal
   * @throws IllegalStateException if this event is itself a reversal
   * @throws IllegalArgumentException if {@code reversalId} is this event's id
   */
  public PricedEvent reversal(EventId reversalId) {
    UsageEvent reversal = event.reversal(requireNonNull(reversalId, "reversalId"));
    return new PricedEvent(reversal, credits.negated(), -billableQuantity, trace);
  }

  /**
   * Returns how the credits came about, in lines a support agent can show a customer, such as
   * {@code 61 s voice_minutes billed as 120 s on 60/60 increments × 1 credit per 60 s = 2 credits
   * (rate card 2026-04, rounded HALF_UP to 0.000001)}.
   *
   * @return one line for an ordinary event; for a reversal, a line naming the reversed event and
   *     the line of its pricing
   */
  public List<String> explain() {
    if (!event.isReversal()) {
      return List.of(calculation(event.quantity(), billableQuantity, credits));
    }
    Credits refund = credits.negated();
    return List.of(
        "reversal " + event.id() + " of event " + event.reverses().orElseThrow() + " refunds "
            + credits(refund) + ", as the event was priced:",
        calculation(-event.quantity(), -billableQuantity, refund));
  }

  private String calculation(long quantity, long billable, Credits amount) {
    Metric metric = event.metric();
    StringBuilder s = new StringBuilder(quantity(metric, quantity)).append(' ').append(metric.key());
    if (trace.rate().isEmpty()) {
      return s.append(": no rate on rate card ").append(trace.rateCardVersion())
          .append(", free = ").append(credits(amount)).toString();
    }
    Rate rate = trace.rate().get();
    trace.increment().ifPresent(inc -> s.append(" billed as ").append(quantity(metric, billable))
        .append(" on ").append(inc).append(" increments"));
    s.append(" × ").append(rate.creditsText()).append(rate.credits().compareTo(BigDecimal.ONE) == 0 ? " credit" : " credits")
        .append(" per ").append(per(metric, rate));
    if (trace.multiplierModel().isPresent()) {
      s.append(" × ").append(trace.multiplier()).append(" for ").append(trace.multiplierModel().get());
    } else if (!trace.multiplier().isOne()) {
      s.append(" × ").append(trace.multiplier()).append(" default model multiplier");
    }
    trace.cachedTokenFactor().ifPresent(f -> s.append(" × ").append(f).append(" cached-token factor"));
    return s.append(" = ").append(credits(amount))
        .append(" (rate card ").append(trace.rateCardVersion())
        .append(", rounded ").append(trace.rounding()).append(" to ").append(STEP).append(')')
        .toString();
  }

  private String per(Metric metric, Rate rate) {
    if (!trace.rateMetric().equals(metric.key())) {
      return rate.per() + " " + trace.rateMetric();
    }
    return rate.per() == 1 ? singular(metric.unit()) : rate.per() + " " + plural(metric.unit());
  }

  private static String quantity(Metric metric, long unscaled) {
    String amount = Rate.plain(metric.toDecimal(unscaled));
    return metric.unit() == Unit.SECONDS ? amount + " s" : amount;
  }

  private static String credits(Credits amount) {
    return amount.toString() + (amount.equals(Credits.of(1)) ? " credit" : " credits");
  }

  private static String singular(Unit unit) {
    return switch (unit) {
      case SECONDS -> "second";
      case COUNT -> "occurrence";
      case TOKENS -> "token";
      case CHARACTERS -> "character";
      case SEGMENTS -> "segment";
      case CREDITS -> "credit";
      case ITEMS -> "item";
      case CUSTOM -> "unit";
    };
  }

  private static String plural(Unit unit) {
    return unit == Unit.SECONDS ? "s" : singular(unit) + "s";
  }
}
