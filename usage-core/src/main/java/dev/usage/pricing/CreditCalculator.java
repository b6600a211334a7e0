package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Prices usage events in credits with the rate card in force when each event occurred.
 *
 * <p>An event is priced once, when it is recorded, and the {@link PricedEvent} is what gets
 * stored: its credits and its {@link PricingTrace} never change, whatever rate cards come later.
 * Invoice totals are sums of those per-event credits, exact to the micro-credit.
 *
 * <p>Pricing multiplies the billable quantity by the rate, the model multiplier and, for cached
 * tokens, the cached-token factor, as one exact fraction, and rounds once, to {@value
 * Credits#SCALE} decimal places with {@link #ROUNDING}. The billable quantity is the event's
 * quantity, rounded up by the card's {@link BillingIncrement} for rates billed in increments. See
 * {@link RateCard} for multipliers and cached tokens. A metric without a rate on the card is
 * rejected unless the calculator was built to price {@linkplain UnratedMetrics#FREE unrated
 * metrics as free}.
 *
 * <p>Reversals are not priced: {@link #reverse(PricedEvent, EventId)} negates the original's
 * credits exactly, with the original's trace, so that a correction refunds what was charged even
 * after the rates changed.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class CreditCalculator {

  /**
   * The rounding of an event's exact credits to micro-credits: half up, as invoices round. This is
   * the one place credits are rounded; sums of credits are exact.
   */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

  /**
   * What to do with an event whose metric has no rate on the card in force.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum UnratedMetrics {
    /** Refuse to price it, with an {@link IllegalArgumentException} naming the metric and card. */
    REJECT,
    /** Price it at zero credits, with a trace that says the card had no rate. */
    FREE
  }

  private final RateCardHistory rateCards;
  private final UnratedMetrics unratedMetrics;

  private CreditCalculator(RateCardHistory rateCards, UnratedMetrics unratedMetrics) {
    this.rateCards = rateCards;
    this.unratedMetrics = unratedMetrics;
  }

  /** {@return a builder; set at least the rate cards} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the rate cards this calculator prices with} */
  public RateCardHistory rateCards() {
    return rateCards;
  }

  /** {@return what this calculator does with metrics that have no rate} */
  public UnratedMetrics unratedMetrics() {
    return unratedMetrics;
  }

  /**
   * Prices an ordinary event with the rate card in force at its {@linkplain
   * UsageEvent#occurredAt() time}.
   *
   * @param event an event that is not a reversal
   * @return the event with its credits, billable quantity and trace
   * @throws IllegalArgumentException if the event is a reversal, occurred before the first rate
   *     card, or its metric has no rate and unrated metrics are rejected
   * @throws dev.usage.UsageOverflowException if the billable quantity or the credits do not fit in
   *     a {@code long}
   */
  public PricedEvent price(UsageEvent event) {
    return price(event, Optional.empty());
  }

  /**
   * Prices an event as {@link #price(UsageEvent)} does, but rounds time up by {@code increment}
   * instead of the card's own, where the card bills the rate in increments: a plan's billing
   * increment (a plan may bill calls by the half minute on a card that bills by the minute). A
   * rate the card bills by the exact quantity stays exact. The trace records the increment used.
   *
   * @param event an event that is not a reversal
   * @param increment the increment to round by
   * @return the event with its credits, billable quantity and trace
   * @throws IllegalArgumentException as {@link #price(UsageEvent)} does
   */
  public PricedEvent price(UsageEvent event, BillingIncrement increment) {
    return price(event, Optional.of(requireNonNull(increment, "increment")));
  }

  private PricedEvent price(UsageEvent event, Optional<BillingIncrement> increment) {
    requireNonNull(event, "event");
    if (event.isReversal()) {
      throw new IllegalArgumentException("event " + event.id() + " reverses " + event.reverses().get()
          + " and cannot be priced on its own: call reverse(original, " + event.id()
          + ") with the priced original, so that it refunds exactly what was charged");
    }
    RateCard card = rateCards.cardAt(event.occurredAt());
    MetricPrice price = card.price(event.metric());
    if (price == null) {
      return unrated(event, card);
    }
    Quote quote = price.quote(event.dimensions());
    if (increment.isEmpty() || !price.billedInIncrements()) {
      long billable = price.billable(event.quantity());
      return new PricedEvent(event, Credits.ofMicros(quote.micros(billable)), billable, quote.trace);
    }
    long billable = price.billable(event.quantity(), increment.get());
    PricingTrace t = quote.trace;
    PricingTrace trace = new PricingTrace(t.rateCardVersion(), t.rate(), t.rateMetric(), t.multiplier(),
        t.multiplierModel(), t.cachedTokenFactor(), increment, t.rounding());
    return new PricedEvent(event, Credits.ofMicros(quote.micros(billable)), billable, trace);
  }

  /**
   * Returns the reversal of a priced event: the original's reversal event, with negated billable
   * quantity and credits and the original's trace. Nothing is re-priced.
   *
   * @param original a priced event that is not itself a reversal
   * @param reversalId the id of the reversal, different from the original's
   * @return the priced reversal
   * @throws IllegalStateException if {@code original} is a reversal
   * @throws IllegalArgumentException if {@code reversalId} is the original's id
   */
  public PricedEvent reverse(PricedEvent original, EventId reversalId) {
    requireNonNull(original, "original");
    requireNonNull(reversalId, "reversalId");
    return original.reversal(reversalId);
  }

  private PricedEvent unrated(UsageEvent event, RateCard card) {
    if (unratedMetrics == UnratedMetrics.REJECT) {
      throw new IllegalArgumentException("metric " + event.metric().key() + " of event " + event.id()
          + " has no rate on rate card " + card.version() + " in force at " + event.occurredAt());
    }
    return new PricedEvent(event, Credits.zero(), event.quantity(),
        PricingTrace.unrated(card.version(), event.metric().key()));
  }

  @Override
  public String toString() {
    return "credit calculator over rate cards " + rateCards + ", unrated metrics " + unratedMetrics;
  }

  /**
   * Builds a {@link CreditCalculator}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private RateCardHistory rateCards;
    private UnratedMetrics unratedMetrics;

    private Builder() {}

    /**
     * Sets the rate cards to price with.
     *
     * @param rateCards the plan's card versions
     * @return this builder
     * @throws IllegalStateException if the rate cards were already set
     */
    public Builder rateCards(RateCardHistory rateCards) {
      requireNonNull(rateCards, "rateCards");
      if (this.rateCards != null) {
        throw new IllegalStateException("rate cards were already set to " + this.rateCards);
      }
      this.rateCards = rateCards;
      return this;
    }

    /**
     * Sets what to do with metrics that have no rate on the card in force; {@link
     * UnratedMetrics#REJECT} unless set, so that a forgotten rate fails loudly instead of giving
     * usage away.
     *
     * @param unratedMetrics reject or price free
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder unratedMetrics(UnratedMetrics unratedMetrics) {
      requireNonNull(unratedMetrics, "unratedMetrics");
      if (this.unratedMetrics != null) {
        throw new IllegalStateException("unrated metrics were already set to " + this.unratedMetrics);
      }
      this.unratedMetrics = unratedMetrics;
      return this;
    }

    /**
     * {@return the calculator}
     *
     * @throws IllegalStateException if no rate cards were set
     */
    public CreditCalculator build() {
      if (rateCards == null) {
        throw new IllegalStateException("credit calculator needs rate cards: call rateCards(RateCardHistory)");
      }
      return new CreditCalculator(rateCards, unratedMetrics == null ? UnratedMetrics.REJECT : unratedMetrics);
    }
  }
}
