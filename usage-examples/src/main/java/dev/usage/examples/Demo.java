package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usage.UsageEngine;
import dev.usage.event.LateEventPolicy;
import dev.usage.report.UsageReports;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The README's first command: generates a seeded month of activity of an AI voice and chat
 * platform, records it through {@link UsageEngine} and prints the reports; with {@code serve},
 * starts the reporting API and its dashboard. {@code --help} lists the options.
 *
 * <p>This class is not thread-safe.
 */
public final class Demo {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DemoOptions options;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;

  Demo(DemoOptions options, Clock clock, PrintStream out, PrintStream err) {
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /**
   * Runs the demo; see {@code --help}.
   *
   * @param args {@code [serve] [--option value ...]}
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("usage-demo: " + e.getMessage());
      err.println("Run with --help for the options.");
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.print(DemoOptions.USAGE);
      return;
    }
    Demo demo = new Demo(options, Clock.systemUTC(), out, err);
    try {
      if (options.command() == DemoOptions.Command.SERVE) {
        demo.serveUntilStopped();
      } else {
        demo.run();
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      err.println("usage-demo: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Records the activity and prints the reports in the chosen format. */
  void run() {
    try (Session session = ingest()) {
      print(session);
    }
  }

  /**
   * Opens the store, sizes the platform and records the activity.
   *
   * @return the session, which owns the store
   */
  Session ingest() {
    StoreFactory.OpenStore store = StoreFactory.open(options, this::notice);
    try {
      return ingest(store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Records the activity into {@code store}; the session owns the store from then on. */
  Session ingest(StoreFactory.OpenStore store) {
    List<LocalDate> days = days();
    List<Workspace> workspaces = Workspace.first(options.workspaces());
    ActivityGenerator generator = new ActivityGenerator(options.seed(), options.eventsPerDay());
    PrintStream progress = options.format() == DemoOptions.Format.TABLE ? out : err;
    progress.printf(Locale.ROOT, "usage demo: %d workspaces × %d days (%s to %s) × about %,d events a day, seed %d%n",
        workspaces.size(), days.size(), days.get(0), days.get(days.size() - 1), options.eventsPerDay(),
        options.seed());
    progress.println("store: " + store.description());
    DemoPlatform platform = DemoPlatform.create(workspaces, days, generator, clock);
    UsageEngine engine = UsageEngine.builder()
        .store(store.store())
        .calculator(platform.calculator())
        .accounts(platform)
        // the demo backfills its whole range, so it accepts events as old as its first day
        .latePolicy(LateEventPolicy.builder().clock(clock).maxAge(Duration.ofDays(options.days() + 1L)).build())
        .clock(clock)
        .reports(r -> r.inventory(platform).creditPrice(DemoPlatform.CREDIT_PRICE))
        .build();
    int grants = platform.openWallets(engine.ledger());
    progress.printf(Locale.ROOT, "Wallets: %d open in the store's ledger, %d grants added (a rerun adds none)%n",
        workspaces.stream().map(DemoPlatform::wallet).distinct().count(), grants);
    progress.printf(Locale.ROOT, "Recording %,d events in batches of %,d ...%n", platform.generatedEvents(),
        Ingestion.BATCH_SIZE);
    Ingestion.Stats stats = new Ingestion(engine, platform, progress::println)
        .run(generator, days, clock.instant(), platform.generatedEvents());
    progress.printf(Locale.ROOT, "Recorded %,d events in %.2f s: %,.0f events/s (new %,d, duplicates %,d, conflicts %,d,"
            + " rejected %,d; %d top-ups bought)%n", stats.events(), stats.elapsed().toNanos() / 1e9,
        stats.eventsPerSecond(), stats.recorded(), stats.duplicates(), stats.conflicts(), stats.rejected(),
        stats.topUps());
    if (stats.events() > 0 && stats.duplicates() == stats.events()) {
      progress.println("Every event was stored by an earlier run: nothing was counted twice.");
    } else if (stats.duplicates() > 0) {
      // says what was found, not when it happened: a run that crashed part-way leaves events of any day behind
      progress.printf(Locale.ROOT, "%,d events were already in the store and were not counted again; this run"
          + " stored %,d new ones.%n", stats.duplicates(), stats.recorded());
    }
    if (stats.conflicts() > 0) {
      progress.println("The store holds events of other options under the same ids (another --seed or"
          + " --events-per-day?); the stored ones stand. Use another --data-dir to start afresh.");
    }
    stats.examples().forEach(e -> progress.println("  " + e));
    progress.println();
    return new Session(store, platform, engine, stats);
  }

  private void print(Session session) {
    List<Table> tables = new ReportTables(session, clock).all();
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    switch (options.format()) {
      case TABLE -> tables.forEach(t -> t.printBox(w));
      case CSV -> tables.forEach(t -> t.printCsv(w));
      case JSON -> {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ingestion = root.putObject("ingestion");
        Ingestion.Stats s = session.stats();
        ingestion.put("events", s.events()).put("recorded", s.recorded()).put("duplicates", s.duplicates())
            .put("conflicts", s.conflicts()).put("rejected", s.rejected()).put("top_ups", s.topUps())
            .put("seconds", s.elapsed().toMillis() / 1000.0).put("events_per_second", Math.round(s.eventsPerSecond()));
        ArrayNode array = root.putArray("tables");
        tables.forEach(t -> array.add(t.toJson()));
        try {
          w.println(JSON.writeValueAsString(root));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    w.flush();
  }

  /** Records the activity, starts the reporting API and blocks until the process is stopped. */
  private void serveUntilStopped() {
    Session session = ingest();
    ReportingServer server;
    try {
      server = ReportingServer.start(session.reports(), session.store().store(), new ApiKeys(clock),
          Organizations.of(session.platform().workspaces()), options.port(), clock);
    } catch (IOException e) {
      session.close();
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage(), e);
    }
    ApiKeys keys = server.keys();
    List<ApiKeys.Issued> issued = keys.issueDemoKeys(session.platform().workspaces());
    printKeys(server, issued);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      session.close();
      stopped.countDown();
    }, "usage-demo-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void printKeys(ReportingServer server, List<ApiKeys.Issued> issued) {
    Table t = new Table("Demo API keys (shown once; the server keeps only their SHA-256)",
        "workspace", "key name", "scopes", "member", "expires", "key");
    for (ApiKeys.Issued k : issued) {
      t.row(k.key().workspace().orElse("(organization " + k.key().organization() + ")"), k.key().name(), String.join(" ", k.key().scopeKeys()),
          k.key().member().orElse(""), k.key().expiresAt(), k.secret());
    }
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    t.printBox(w);
    w.flush();
    String base = "http://127.0.0.1:" + server.port();
    ApiKeys.Issued admin = issued.get(0);
    out.println("Reporting API on " + base + " (Ctrl+C stops it)");
    out.println("  dashboard:  " + base + "/?key=" + admin.secret());
    out.println("  summary:    curl -H 'Authorization: Bearer " + admin.secret() + "' " + base + "/admin/usage/summary");
    String workspace = admin.key().workspace().orElseThrow();
    out.println("  reports:    " + base + "/api/v2/w/" + workspace
        + "/reports/{ai-usage,sms-usage,phone-usage,voice-usage}");
    out.println("  members:    " + base + "/api/v2/w/" + workspace + "/members");
    out.println("  billing:    " + base + "/api/v2/w/" + workspace
        + "/billing/{billable-metrics,credit-usage,transactions.csv}");
    issued.stream().filter(k -> k.key().isOrganizationKey()).findFirst().ifPresent(k ->
        out.println("  organization: " + base + "/api/v2/o/" + k.key().organization()
            + "/{usage/summary,billing/billable-metrics} with the key of the organization"));
  }

  private List<LocalDate> days() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<LocalDate> days = new ArrayList<>(options.days());
    for (LocalDate d = today.minusDays(options.days() - 1L); !d.isAfter(today); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  private void notice(String message) {
    (options.format() == DemoOptions.Format.TABLE ? out : err).println(message);
  }

  /**
   * What a demo run built: the store, the platform, the reports over them and what ingestion did.
   *
   * <p>This class is thread-safe.
   *
   * @param store the open store, closed with the session
   * @param platform workspaces and plans
   * @param engine the engine over the store, with its ledger and reports
   * @param stats what ingestion recorded
   */
  record Session(StoreFactory.OpenStore store, DemoPlatform platform, UsageEngine engine, Ingestion.Stats stats)
      implements AutoCloseable {

    /** Returns the access-checked reports over the session's store. */
    UsageReports reports() {
      return engine.reports();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
