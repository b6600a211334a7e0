package dev.usage.report;

import dev.usage.UsageOverflowException;
import dev.usage.metric.Metrics;
import dev.usage.spi.AggregateRow;

/**
 * Adds aggregate rows grouped by metric into a member's conversations, messages and credits, as
 * {@link MemberUsageReport} defines them. The member report and the member listing both count
 * through it, so that a listing's row always equals the member's report over the same days.
 *
 * <p>This class is not thread-safe.
 */
final class MemberTally {

  private long chats;
  private long messages;
  private long creditMicros;

  /**
   * Adds one row of the member's events.
   *
   * @param row a row grouped by {@link dev.usage.spi.GroupKey#METRIC}
   * @throws UsageOverflowException if a count or the credits overflow
   */
  void add(AggregateRow row) {
    String metric = row.metric();
    if (metric.equals(Metrics.CALLS.key())) {
      chats = UsageOverflowException.addExact(chats, row.sum(), "chats");
    } else if (metric.equals(Metrics.AI_MESSAGES.key()) || metric.equals(Metrics.HUMAN_MESSAGES.key())) {
      messages = UsageOverflowException.addExact(messages, row.sum(), "messages");
    } else if (metric.equals(Metrics.SMS_OUTBOUND.key()) || metric.equals(Metrics.SMS_INBOUND.key())) {
      // one per SMS whatever its segments; a reversed SMS counts zero
      messages = UsageOverflowException.addExact(messages, row.netCount(), "messages");
    }
    creditMicros = UsageOverflowException.addExact(creditMicros, row.credits().micros(), "credits");
  }

  long chats() {
    return chats;
  }

  long messages() {
    return messages;
  }

  long creditMicros() {
    return creditMicros;
  }
}
