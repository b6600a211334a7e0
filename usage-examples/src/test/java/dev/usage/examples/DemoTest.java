package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private static final String[] SMALL = {"--workspaces", "2", "--days", "3", "--events-per-day", "120", "--store",
      "memory"};

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Demo demo(String... args) {
    return new Demo(DemoOptions.parse(args), CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_printsEveryReportAndTheIngestionRate() {
    demo(SMALL).run();

    assertThat(out()).contains(
        "usage demo: 2 workspaces × 3 days (2026-11-21 to 2026-11-23)",
        "Usage summary, 2026-11-01 to 2026-11-23 (month to date, UTC)",
        "AI usage by provider", "AI usage, top 3 models", "SMS usage", "Phone usage by number",
        "Voice (speech) usage", "Billing, 2026-11-01 to 2026-11-30", "0.01 USD per credit", "Billable metrics",
        "Credit health", "acme-support", "acme-sales", "┌", "│", "└");
    assertThat(out()).containsPattern("Recorded [\\d,]+ events in \\d+\\.\\d\\d s: [\\d,]+ events/s \\(new [\\d,]+,"
        + " duplicates 0, conflicts 0, rejected 0");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void ingest_twiceIntoTheSameStore_countsNothingTwice() {
    StoreFactory.OpenStore store = StoreFactory.memory("one store for both runs");

    Demo.Session first = demo(SMALL).ingest(store);
    String firstTables = tables(first);
    Demo.Session second = demo(SMALL).ingest(store);

    assertThat(first.stats().recorded()).isEqualTo(first.stats().events()).isPositive();
    assertThat(second.stats().events()).isEqualTo(first.stats().events());
    assertThat(second.stats().duplicates()).isEqualTo(second.stats().events());
    assertThat(second.stats().recorded()).isZero();
    assertThat(second.stats().topUps()).as("nothing new was spent, so nothing is bought").isZero();
    assertThat(out()).contains("Every event was stored by an earlier run: nothing was counted twice.");
    // the wallets live in the store: the second run reads them as the first left them
    assertThat(tables(second)).isEqualTo(firstTables);
  }

  @Test
  void ingest_partlyStored_saysWhatWasFoundWithoutClaimingWhenItHappened() {
    // an earlier run that stored only the newest day, as one that crashed part-way may leave behind;
    // the rerun's new events are the older days, so "the new ones happened since" would be false
    StoreFactory.OpenStore store = StoreFactory.memory("one store for both runs");
    Demo.Session first = demo("--workspaces", "1", "--days", "1", "--events-per-day", "60", "--store", "memory")
        .ingest(store);
    out.reset();

    Demo.Session second = demo("--workspaces", "1", "--days", "3", "--events-per-day", "60", "--store", "memory")
        .ingest(store);

    assertThat(second.stats().duplicates()).isEqualTo(first.stats().recorded()).isPositive();
    assertThat(second.stats().recorded()).isPositive();
    assertThat(out()).contains(String.format(java.util.Locale.ROOT, "%,d events were already in the store and were"
            + " not counted again; this run stored %,d new ones.", second.stats().duplicates(),
            second.stats().recorded()))
        .doesNotContain("since");
  }

  @Test
  void run_jsonFormat_printsTheTablesAsJsonAndProgressToStandardError() throws Exception {
    demo(concat(SMALL, "--format", "json")).run();

    JsonNode root = new ObjectMapper().readTree(out());
    assertThat(root.path("ingestion").path("events").asLong()).isPositive();
    assertThat(root.path("tables").get(0).path("title").asText()).startsWith("Usage summary");
    assertThat(root.path("tables").get(0).path("rows").get(0).path("workspace").asText()).isEqualTo("acme-support");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Recorded", "events/s");
  }

  @Test
  void run_csvFormat_printsOneCsvBlockPerTable() {
    demo(concat(SMALL, "--format", "csv")).run();

    assertThat(out()).startsWith("# Usage summary").contains("\r\nworkspace,calls,inbound,outbound,")
        .contains("# Credit health");
    assertThat(out()).doesNotContain("│");
  }

  @Test
  void ingest_h2Restarted_readsTheSameWalletsFromTheDatabase(@TempDir Path dir) {
    String[] h2 = {"--workspaces", "3", "--days", "2", "--events-per-day", "80", "--data-dir", dir.toString()};
    List<Object> firstLedger;
    List<Object> secondLedger;
    try (Demo.Session first = demo(h2).ingest()) {
      firstLedger = ledgerOf(first);
    }
    String firstOut = out();
    out.reset();
    try (Demo.Session second = demo(h2).ingest()) {
      secondLedger = ledgerOf(second);
      assertThat(second.engine().ledger().walletOf(second.platform().workspaces().get(2).tenant()))
          .hasValueSatisfying(w -> assertThat(w.isOrganizationWide()).isTrue());
    }

    assertThat(firstOut).containsPattern("Wallets: 3 open in the store's ledger, [1-9]\\d* grants added");
    assertThat(out()).contains("Wallets: 3 open in the store's ledger, 0 grants added");
    assertThat(secondLedger).isEqualTo(firstLedger);
  }

  /** Returns each workspace's balance, entries and credit page as the session's ledger and reports give them. */
  private static List<Object> ledgerOf(Demo.Session session) {
    List<Object> all = new java.util.ArrayList<>();
    for (Workspace w : session.platform().workspaces()) {
      dev.usage.wallet.Ledger ledger = session.engine().ledger();
      dev.usage.wallet.WalletId wallet = ledger.walletOf(w.tenant()).orElseThrow();
      all.add(ledger.status(wallet).orElseThrow());
      all.add(ledger.entries(dev.usage.spi.LedgerQuery.newest(wallet, 1_000)));
      all.add(session.reports().creditUsage(dev.usage.report.Caller.of(w.tenant(),
          dev.usage.report.Scope.values()), w.tenant()).callLogs());
    }
    return all;
  }

  @Test
  void run_h2Twice_theSecondRunFindsEveryEventStored(@TempDir Path dir) {
    String[] h2 = {"--workspaces", "2", "--days", "2", "--events-per-day", "80", "--data-dir", dir.toString()};

    demo(h2).run();
    String first = out();
    out.reset();
    demo(h2).run();
    String second = out();

    assertThat(dir.resolve("usage.mv.db")).exists();
    assertThat(first).contains("store: h2 at " + dir.resolve("usage").toAbsolutePath() + ".mv.db",
        "duplicates 0,");
    assertThat(second).containsPattern("\\(new 0, duplicates [\\d,]+, conflicts 0, rejected 0")
        .contains("Every event was stored by an earlier run: nothing was counted twice.");
    assertThat(reportsOf(second)).isEqualTo(reportsOf(first));
  }

  @Test
  void run_h2WithAnotherSeed_reportsConflictsAndKeepsTheStoredEvents(@TempDir Path dir) {
    demo("--workspaces", "1", "--days", "2", "--events-per-day", "60", "--data-dir", dir.toString()).run();
    out.reset();

    demo("--workspaces", "1", "--days", "2", "--events-per-day", "60", "--data-dir", dir.toString(), "--seed", "1")
        .run();

    assertThat(out()).containsPattern("conflicts [1-9]").contains("Use another --data-dir to start afresh.");
  }

  @Test
  void run_postgresTwice_theSecondRunFindsEveryEventStored() throws SQLException {
    String url = System.getenv("USAGE_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("USAGE_REQUIRE_POSTGRES"))) {
        fail("USAGE_REQUIRE_POSTGRES=true but USAGE_TEST_POSTGRES_URL is not set");
      }
      Assumptions.abort("USAGE_TEST_POSTGRES_URL is not set; start a cluster with eval \"$(bash .ci/postgres.sh start)\"");
    }
    String schema = "usage_demo_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      st.execute("CREATE SCHEMA " + schema);
    }
    try {
      String[] pg = {"--workspaces", "2", "--days", "2", "--events-per-day", "80", "--store", "postgres",
          "--jdbc-url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema};
      demo(pg).run();
      String first = out();
      out.reset();
      demo(pg).run();

      assertThat(first).contains("store: postgres at jdbc:postgresql:", "duplicates 0,");
      assertThat(out()).contains("Every event was stored by an earlier run: nothing was counted twice.");
      assertThat(reportsOf(out())).isEqualTo(reportsOf(first));
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Returns the printed tables, without the lines about this run's ingestion. */
  private static String reportsOf(String output) {
    return output.substring(output.indexOf("Usage summary,"));
  }

  private String tables(Demo.Session session) {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text);
    new ReportTables(session, CLOCK).all()
        .forEach(t -> t.printBox(w));
    w.flush();
    return text.toString();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
