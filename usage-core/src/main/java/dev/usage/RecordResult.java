package dev.usage;

import dev.usage.spi.RefusedDebit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * Copies.
   *
   * @param outcomes one per event, in input order
   * @param refusedDebits the refused debits, each naming its tenant and event, in input order
   */
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

  /** {@return the outcomes of the events that were not stored by this call, duplicates included} */
  public List<EventOutcome> notStored() {
    return outcomes.stream().filter(o -> !o.status().isStored()).toList();
  }

  /**
   * Returns the events that were not stored and are not duplicates of stored ones, by reason, in
   * the order of {@link EventOutcome.Reason}.
   *
   * @return the rejections; empty when every event was stored or a duplicate
   */
  public Map<EventOutcome.Reason, List<EventOutcome>> rejected() {
    Map<EventOutcome.Reason, List<EventOutcome>> byReason = new EnumMap<>(EventOutcome.Reason.class);
    for (EventOutcome o : outcomes) {
      if (o.isRejection()) {
        byReason.computeIfAbsent(o.reason(), r -> new ArrayList<>()).add(o);
      }
    }
    Map<EventOutcome.Reason, List<EventOutcome>> copy = new LinkedHashMap<>();
    byReason.forEach((r, list) -> copy.put(r, List.copyOf(list)));
    return Collections.unmodifiableMap(copy);
  }

  /** {@return whether any event was rejected, refused or in conflict} */
  public boolean hasRejections() {
    return outcomes.stream().anyMatch(EventOutcome::isRejection);
  }

  /**
   * {@return one line that says what happened to the batch, such as {@code 12 events: 9 stored, 1
   * duplicate, 2 not stored (1 too old, 1 not priceable)}}
   */
  public String summary() {
    long stored = outcomes.stream().filter(o -> o.status().isStored()).count();
    long duplicates = count(EventOutcome.Status.DUPLICATE);
    StringBuilder line = new StringBuilder().append(outcomes.size()).append(outcomes.size() == 1 ? " event: " : " events: ")
        .append(stored).append(" stored, ").append(duplicates).append(duplicates == 1 ? " duplicate" : " duplicates");
    Map<EventOutcome.Reason, List<EventOutcome>> rejected = rejected();
    if (!rejected.isEmpty()) {
      int n = rejected.values().stream().mapToInt(List::size).sum();
      line.append(", ").append(n).append(" not stored (");
      String sep = "";
      for (Map.Entry<EventOutcome.Reason, List<EventOutcome>> r : rejected.entrySet()) {
        line.append(sep).append(r.getValue().size()).append(' ')
            .append(r.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        sep = ", ";
      }
      line.append(')');
    }
    return line.toString();
  }
}
