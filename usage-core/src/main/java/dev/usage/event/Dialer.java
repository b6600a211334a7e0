package dev.usage.event;

/**
 * Who placed an outbound dial attempt, and for AI agents on which voice tier, since plans price
 * AI connected time by tier.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Dialer {
  /** An AI agent speaking with a standard voice. */
  AI_STANDARD_VOICE,
  /** An AI agent speaking with a premium voice. */
  AI_PREMIUM_VOICE,
  /** A human agent. */
  HUMAN;

  /** {@return whether an AI agent placed the attempt} */
  public boolean isAi() {
    return this != HUMAN;
  }
}
