package dev.usage.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * A permission to read reports, as API keys and sessions of the platforms carry them.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Scope {
  /** Usage summary, billable metrics and the credit usage page. */
  BILLING_MANAGE("billing:manage"),
  /** AI, SMS, phone and voice usage, and any member's usage. */
  ANALYTICS_READ("analytics:read"),
  /** One's own member usage. */
  MEMBERS_READ("members:read");

  private final String key;

  Scope(String key) {
    this.key = key;
  }

  /** {@return the scope as it is written in keys and tokens, e.g. {@code billing:manage}} */
  public String key() {
    return key;
  }

  /**
   * Returns the scope written as {@code key}.
   *
   * @param key e.g. {@code analytics:read}
   * @return the scope, or empty if {@code key} names none
   */
  public static Optional<Scope> fromKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  @Override
  public String toString() {
    return key;
  }
}
