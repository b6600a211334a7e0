package dev.usage.event;

/**
 * Which way a call or message went, seen from the platform's customer.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Direction {
  /** From a contact to the customer. */
  INBOUND,
  /** From the customer to a contact. */
  OUTBOUND;

  /** {@return the lowercase name stored and shown in reports} */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
