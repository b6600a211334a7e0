package dev.usage;

import dev.usage.spi.RefusedDebit;
import java.util.List;

/**
 * What {@link UsageEngine#record} did with a batch: one outcome per event, in the order given,
 * and the debits a hard-limit wallet refused.
 *
 * <p>An event a hard-limit wallet cannot pay for is not stored (its outcome is {@link
 * EventOutcome.Status#REFUSED}): every stored event is paid for, exactly once. The refusal is the
 * host's signal to stop serving the tenant or to top its wallet up; recording the same event
 * again after a top-up stores it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param outcomes one per event, in input order
 * @param refusedDebits the refused debits, each naming its tenant and event, in input order
 */
public record RecordResult(List<EventOutcome> outcomes, List<RefusedDebit> refusedDebits) {

  /** Copies. */
  public RecordResult {
    outcomes = List.copyOf(outcomes);
    refusedDebits = List.copyOf(refusedDebits);
  }

  /**
   * Returns how many events had {@code status}.
   *
   * @param status a status
   * @return the count
   */
  public long count(EventOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** Returns the outcomes of the events that were not stored by this call, duplicates included. */
  public List<EventOutcome> notStored() {
    return outcomes.stream().filter(o -> !o.status().isStored()).toList();
  }
}
