package dev.usage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.RefusedDebit;
import dev.usage.spi.WalletPosting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A checked batch of an append: its entries in input order, and the first entry of each key in key
 * order, which {@link EventWriter} marks as it writes them and {@link #result} then reports. Any
 * total order of keys avoids deadlocks, as long as every transaction inserts in it; String order is
 * the cheapest.
 *
 * <p>This class is not thread-safe.
 */
final class AppendBatch {

  /**
   * One event of a batch. The first entry of each key in the batch decides the key: whether it was
   * inserted, or else what is stored under it; later entries of the key are compared with that.
   */
  static final class Entry {
    final PricedEvent event;
    final String organization;
    final String workspace;
    final String id;
    /** The first entry of this key in the batch, maybe this one. */
    Entry first;
    /** Whether this batch inserted the key; first entries only. */
    boolean inserted;
    /** The event stored under the key by someone else, once read back; first entries only. */
    PricedEvent stored;
    /** Why the stored event could not be read, if so; first entries only. */
    String unreadable;
    /** Why the ledger took the inserted event back out, if it did; first entries only. */
    JdbcLedger.Drop drop;

    Entry(PricedEvent event) {
      this.event = event;
      this.organization = event.event().tenant().organization();
      this.workspace = event.event().tenant().workspace();
      this.id = event.event().id().value();
    }

    void reset() {
      inserted = false;
      stored = null;
      unreadable = null;
      drop = null;
    }

    boolean isRead() {
      return stored != null || unreadable != null;
    }

    int compareTo(String otherOrganization, String otherWorkspace, String otherId) {
      int c = organization.compareTo(otherOrganization);
      if (c == 0) {
        c = workspace.compareTo(otherWorkspace);
      }
      return c == 0 ? id.compareTo(otherId) : c;
    }
  }

  private final List<Entry> entries;
  private final List<Entry> keys;

  private AppendBatch(List<Entry> entries, List<Entry> keys) {
    this.entries = entries;
    this.keys = keys;
  }

  /**
   * Checks the events and finds the first entry of each key.
   *
   * @throws IllegalArgumentException naming the event if an event cannot be stored exactly
   */
  static AppendBatch of(List<PricedEvent> events, MetricCatalog catalog) {
    requireNonNull(events, "events");
    Entry[] entries = new Entry[events.size()];
    for (int i = 0; i < entries.length; i++) {
      PricedEvent p = requireNonNull(events.get(i), "event");
      EventRows.check(p, catalog);
      entries[i] = new Entry(p);
    }
    // A stable sort: of entries with equal keys, the first in the batch comes first.
    Entry[] sorted = entries.clone();
    Arrays.sort(sorted, (a, b) -> a.compareTo(b.organization, b.workspace, b.id));
    List<Entry> keys = new ArrayList<>(sorted.length);
    Entry first = null;
    for (Entry e : sorted) {
      if (first == null || first.compareTo(e.organization, e.workspace, e.id) != 0) {
        first = e;
        keys.add(e);
      }
      e.first = first;
    }
    return new AppendBatch(Arrays.asList(entries), keys);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Returns every entry, in input order. */
  List<Entry> entries() {
    return entries;
  }

  /** Returns the first entry of each key, in key order. */
  List<Entry> keys() {
    return keys;
  }

  /** Returns the first entry of a key, or null if the batch does not hold the key. */
  Entry find(String organization, String workspace, String id) {
    int lo = 0;
    int hi = keys.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = keys.get(mid).compareTo(organization, workspace, id);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return keys.get(mid);
      }
    }
    return null;
  }

  /** Tells, in input order, each event that was not inserted apart as a duplicate or a conflict. */
  AppendResult result(int appended, List<WalletPosting> postings) {
    List<EventId> duplicates = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<RefusedDebit> refused = new ArrayList<>();
    for (Entry e : entries) {
      Entry first = e.first;
      if (e == first && first.inserted) {
        continue;
      }
      PricedEvent p = e.event;
      if (first.drop != null) {
        // Each occurrence of a refused event is refused, as the first was.
        if (first.drop.refused().isPresent()) {
          refused.add(first.drop.refused().get());
        } else {
          conflicts.add(new Conflict(p.event().tenant(), p.event().id(), first.drop.reason()));
        }
        continue;
      }
      PricedEvent winner = first.inserted ? first.event : first.stored;
      if (winner == null && first.unreadable != null) {
        conflicts.add(new Conflict(p.event().tenant(), p.event().id(), first.unreadable));
      } else if (winner == null) {
        throw new IllegalStateException("event " + first.id + " of tenant " + first.organization + "/"
            + first.workspace + " was neither inserted nor found; was it deleted concurrently?");
      } else if (winner.equals(p)) {
        duplicates.add(p.event().id());
      } else {
        conflicts.add(new Conflict(p.event().tenant(), p.event().id(), EventRows.difference(winner, p)));
      }
    }
    return new AppendResult(appended, duplicates, conflicts, refused, postings);
  }
}
