package dev.usage;

import dev.usage.wallet.InsufficientCreditsException;
import java.util.List;
import java.util.Map;

/**
 * What {@link UsageEngine#record} did with a batch: one outcome per event, in the order given,
 * and the debits a hard-limit wallet refused.
 *
 * <p>Usage that happened is stored even when a hard-limit wallet refuses its debit: the usage is
 * a fact, and the refusal is the host's signal to stop serving the tenant.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param outcomes one per event, in input order
 * @param refusedDebits why a hard-limit wallet refused the debit of a stored event, by event id
 */
public record RecordResult(List<EventOutcome> outcomes, Map<String, InsufficientCreditsException> refusedDebits) {

  /** Copies. */
  public RecordResult {
    outcomes = List.copyOf(outcomes);
    refusedDebits = Map.copyOf(refusedDebits);
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
