package dev.usage.spi;

import static com.google.common.base.Preconditions.checkArgument;

import dev.usage.event.EventId;
import java.util.List;

/**
 * What a store did with a batch: how many events were new, which were duplicates and which
 * conflicted with an event already recorded under the same id.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param appended events recorded for the first time
 * @param duplicates ids seen before with the same content, not counted again
 * @param conflicts ids seen before with different content, not stored
 */
public record AppendResult(int appended, List<EventId> duplicates, List<Conflict> conflicts) {

  /** Validates and copies. */
  public AppendResult {
    checkArgument(appended >= 0, "appended count must not be negative but was %s", appended);
    duplicates = List.copyOf(duplicates);
    conflicts = List.copyOf(conflicts);
  }

  /** Returns the result of an empty batch. */
  public static AppendResult empty() {
    return new AppendResult(0, List.of(), List.of());
  }

  /** Returns whether every event of the batch was new or a duplicate. */
  public boolean isClean() {
    return conflicts.isEmpty();
  }

  /** Returns the result of this batch followed by {@code other}. */
  public AppendResult plus(AppendResult other) {
    List<EventId> d = new java.util.ArrayList<>(duplicates);
    d.addAll(other.duplicates);
    List<Conflict> c = new java.util.ArrayList<>(conflicts);
    c.addAll(other.conflicts);
    return new AppendResult(Math.addExact(appended, other.appended), d, c);
  }
}
