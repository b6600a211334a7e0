package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static dev.usage.jdbc.TestEvents.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.event.DimensionKey;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL injection through every string that reaches the store, and tenant isolation with identical
 * ids and dimensions: the strings come back verbatim and never change a query.
 */
class JdbcInjectionTest {

  static final Instant AT = Instant.parse("2026-04-10T12:00:00Z");
  static final Instant FROM = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-05-01T00:00:00Z");

  static final List<String> ATTACKS = List.of("'; DROP TABLE usage_events; --", "' OR '1'='1", "\\", "\\'; --",
      "\"quoted\" \"\"", "\u2018unicode\u2019 \u02bcquotes\u02bc OR 1=1", "%", "_", "$1", "?", "/* c */ --",
      "'); DELETE FROM usage_events WHERE ('1'='1", "E'\\x27'", "\uFF07 OR \uFF071\uFF07=\uFF071");

  static TestDatabase database(String name) throws SQLException {
    return name.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
  }

  static List<PricedEvent> events(TenantId tenant, long quantity) {
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < ATTACKS.size(); i++) {
      String s = ATTACKS.get(i);
      Dimensions dims = Dimensions.builder().member(s).assistant(s).provider(s).model(s).campaign(s).contact(s)
          .callId(s).custom("acme:note", s).custom("acme:k" + i, s).build();
      UsageEvent e = UsageEvent.builder(EventId.of("id " + s), tenant, Metrics.CALLS).at(AT.plusSeconds(i))
          .quantity(quantity).dimensions(dims).build();
      PricingTrace trace = new PricingTrace("card " + s, Optional.empty(), "calls", CreditMultiplier.ONE,
          Optional.of(s), Optional.empty(), Optional.empty(), RoundingMode.HALF_UP);
      events.add(new PricedEvent(e, Credits.ofMicros(quantity), quantity, trace));
    }
    return events;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  @DisplayName("injection strings in ids, dimensions, custom values and card versions are stored verbatim and inert")
  void injectionStrings_storedVerbatimAndNeverChangeAQuery(String name) throws SQLException {
    try (TestDatabase db = database(name)) {
      JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();
      store.migrate();
      List<PricedEvent> mine = events(ACME, 1);
      List<PricedEvent> theirs = events(GLOBEX, 1_000);   // same ids, same dimensions, other tenant

      assertThat(store.append(mine).appended()).isEqualTo(ATTACKS.size());
      assertThat(store.append(theirs).appended()).isEqualTo(ATTACKS.size());

      // Verbatim, through pages of one, so every cursor carries an attack in its event id.
      List<PricedEvent> scanned = JdbcUsageStoreCases.scanAll(store, ACME, 1);
      Comparator<PricedEvent> byId = Comparator.comparing(p -> p.event().id().value());
      assertThat(scanned).usingElementComparator(byId).containsExactlyInAnyOrderElementsOf(mine);
      assertThat(scanned).containsExactlyInAnyOrderElementsOf(mine);

      for (GroupKey key : List.of(GroupKey.MEMBER, GroupKey.ASSISTANT, GroupKey.PROVIDER, GroupKey.MODEL)) {
        List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(ACME, FROM, TO).groupBy(key).build());
        assertThat(rows).extracting(r -> r.get(key).orElseThrow()).containsExactlyInAnyOrderElementsOf(ATTACKS);
        assertThat(rows).allSatisfy(r -> assertThat(r.count()).isEqualTo(1));
      }
      for (String s : ATTACKS) {
        for (DimensionKey key : List.of(DimensionKey.MEMBER, DimensionKey.CAMPAIGN, DimensionKey.CONTACT,
            DimensionKey.CALL_ID)) {
          List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(ACME, FROM, TO)
              .filter(EventFilter.all().with(key, s)).build());
          assertThat(rows).as("filter %s = %s", key, s).singleElement()
              .satisfies(r -> assertThat(r.sum()).isEqualTo(1));
        }
        assertThat(JdbcUsageStoreCases.scanAll(store, ACME, 100)).isNotEmpty();
        assertThat(store.scan(ScanQuery.firstPage(GLOBEX, FROM, TO, EventFilter.all().with(DimensionKey.MEMBER, s),
            10)).events()).singleElement().satisfies(p -> assertThat(p.event().quantity()).isEqualTo(1_000));
      }

      // Nothing leaked between tenants and nothing was dropped or deleted.
      assertThat(store.aggregate(AggregateQuery.builder(ACME, FROM, TO).build()).get(0).sum())
          .isEqualTo(ATTACKS.size());
      assertThat(store.aggregate(AggregateQuery.builder(GLOBEX, FROM, TO).build()).get(0).sum())
          .isEqualTo(ATTACKS.size() * 1_000L);
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM usage_events")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2L * ATTACKS.size());
      }
      // A cursor is opaque: an attack as cursor text is refused, never spliced into SQL.
      for (String s : ATTACKS) {
        assertThatThrownBy(() -> store.scan(ScanQuery.firstPage(ACME, FROM, TO, EventFilter.all(), 10).after(s)))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
