package dev.usage.jdbc;

import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tenant's events page by page, newest first, by keyset: a page asks for events before the
 * last one of the previous page, in the order of the {@code (organization, workspace, occurred_at,
 * event_id)} index, so every page costs the same however deep it is.
 *
 * <p>This class is immutable and thread-safe.
 */
final class EventScan {

  private final Transactions transactions;
  private final MetricCatalog catalog;
  /** The condition that keeps the events before a cursor's, with its time and id bound. */
  private final String beforeCursor;
  /** The order of the time index, newest first, and the page's size plus one bound. */
  private final String newestFirst;

  EventScan(Transactions transactions, Dialect dialect, MetricCatalog catalog) {
    this.transactions = transactions;
    this.catalog = catalog;
    this.beforeCursor = " AND (occurred_at, " + dialect.eventIdOrder() + ") < (?, " + dialect.eventIdOrderParameter()
        + ")";
    // The tenant columns are constant here, but H2 reads the time index backwards, without a
    // sort, only when the ORDER BY names every index column from the first.
    this.newestFirst = " ORDER BY organization DESC, workspace DESC, occurred_at DESC, " + dialect.eventIdOrder()
        + " DESC FETCH FIRST ? ROWS ONLY";
  }

  /**
   * Returns one page of {@code query}, with the cursor of the next when another follows.
   *
   * @throws JdbcUsageStoreException if the database fails
   * @throws IllegalStateException if a stored event's metric is not in the catalog
   */
  EventPage scan(ScanQuery query) {
    Sql sql = sql(query);
    List<PricedEvent> events = transactions.read("scanning usage of tenant " + query.tenant(), c -> {
      List<PricedEvent> found = new ArrayList<>(Math.min(query.pageSize() + 1, 128));
      try (PreparedStatement ps = c.prepareStatement(sql.text())) {
        sql.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(EventRows.read(rs, catalog));
          }
        }
      }
      return found;
    });
    if (events.size() <= query.pageSize()) {
      return new EventPage(events, Optional.empty());
    }
    List<PricedEvent> page = events.subList(0, query.pageSize());
    PricedEvent last = page.get(page.size() - 1);
    return new EventPage(page, Optional.of(new ScanCursor(last.event().occurredAt(), last.event().id()).encode()));
  }

  /** Returns the statement of one page, plus one event to tell whether another page follows. */
  Sql sql(ScanQuery query) {
    Optional<ScanCursor> cursor = query.cursor().map(ScanCursor::decode);
    Sql sql = new Sql().append("SELECT ").append(String.join(", ", EventRows.COLUMNS))
        .append(" FROM ").append(EventRows.TABLE)
        .append(Sql.where(query.tenant(), query.from(), query.to(), query.filter()));
    cursor.ifPresent(c -> sql.append(beforeCursor, EventRows.toNanos(c.occurredAt()), c.id().value()));
    return sql.append(newestFirst, query.pageSize() + 1);
  }
}
