package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's command line: what to generate, where to keep it and how to print it.
 *
 * <p>Parsing is plain Java: {@code --name value} or {@code --name=value}, every option at most
 * once, and anything out of bounds is refused with a message naming the option and the value,
 * never quietly clamped.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param command {@code run} (the default) prints the reports; {@code serve} starts the reporting API
 * @param workspaces how many workspaces to generate, 1 to {@value #MAX_WORKSPACES}
 * @param days how many UTC days, ending today, 1 to {@value #MAX_DAYS}
 * @param eventsPerDay usage events per workspace and day on average, 10 to {@value #MAX_EVENTS_PER_DAY}
 * @param seed the seed every random choice derives from
 * @param dataDir where the H2 database lives
 * @param store which store keeps the events
 * @param jdbcUrl the PostgreSQL URL, required with {@code --store postgres} and refused otherwise
 * @param format how reports are printed
 * @param port the port {@code serve} listens on, 0 for any free one
 * @param help whether {@code --help} was given
 */
record DemoOptions(
    Command command,
    int workspaces,
    int days,
    int eventsPerDay,
    long seed,
    Path dataDir,
    StoreKind store,
    Optional<String> jdbcUrl,
    Format format,
    int port,
    boolean help) {

  static final int MAX_WORKSPACES = 20;
  static final int MAX_DAYS = 366;
  static final int MAX_EVENTS_PER_DAY = 1_000_000;

  static final String USAGE = """
      Usage: java -jar usage-demo.jar [serve] [options]

      Generates a seeded month of activity of an AI voice and chat platform, records it through
      UsageEngine and prints the reports. With 'serve', also starts the reporting API and the
      dashboard on 127.0.0.1.

      Options:
        --workspaces N        workspaces to generate, 1 to 20 (default 3)
        --days N              UTC days ending today, 1 to 366 (default 30)
        --events-per-day N    usage events per workspace and day, 10 to 1000000 (default 1500)
        --seed N              seed of every random choice (default 42)
        --data-dir DIR        where the H2 database lives (default ./data)
        --store KIND          h2 (default), memory or postgres
        --jdbc-url URL        PostgreSQL URL with user and password, for --store postgres
        --format FORMAT       table (default), json or csv
        --port N              port of 'serve', 0 for any free one (default 8080)
        --help                print this help

      Event ids derive from the seed and the day, so running again with the same options adds
      nothing: a persistent store reports every event as a duplicate.
      """;

  /** Validates. */
  DemoOptions {
    requireNonNull(command, "command");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(store, "store");
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(format, "format");
    checkRange("--workspaces", workspaces, 1, MAX_WORKSPACES);
    checkRange("--days", days, 1, MAX_DAYS);
    checkRange("--events-per-day", eventsPerDay, 10, MAX_EVENTS_PER_DAY);
    checkRange("--port", port, 0, 65_535);
    if (store == StoreKind.POSTGRES && jdbcUrl.isEmpty()) {
      throw new IllegalArgumentException("--store postgres needs --jdbc-url, e.g. "
          + "jdbc:postgresql://127.0.0.1:5432/usage?user=usage&password=...");
    }
    if (store != StoreKind.POSTGRES && jdbcUrl.isPresent()) {
      throw new IllegalArgumentException("--jdbc-url is for --store postgres, but the store is "
          + store.key());
    }
    jdbcUrl.ifPresent(url -> {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--jdbc-url must start with jdbc:postgresql: but was '"
            + redactUrl(url) + "'");
      }
    });
  }

  /** Returns the options of a run without arguments. */
  static DemoOptions defaults() {
    return parse();
  }

  /**
   * Parses a command line.
   *
   * @param args the arguments, optionally starting with {@code serve} or {@code run}
   * @return the options
   * @throws IllegalArgumentException naming the option and value that break a rule
   */
  static DemoOptions parse(String... args) {
    Command command = Command.RUN;
    int workspaces = 3;
    int days = 30;
    int eventsPerDay = 1_500;
    long seed = 42;
    Path dataDir = Path.of("data");
    StoreKind store = StoreKind.H2;
    Optional<String> jdbcUrl = Optional.empty();
    Format format = Format.TABLE;
    int port = 8080;
    boolean help = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      command = switch (args[0]) {
        case "serve" -> Command.SERVE;
        case "run" -> Command.RUN;
        default -> throw new IllegalArgumentException("unknown command '" + args[0] + "', expected run or serve");
      };
      i = 1;
    }
    for (; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --");
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq >= 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("option " + name + " is given twice");
      }
      switch (name) {
        case "--workspaces" -> workspaces = parseInt(name, value);
        case "--days" -> days = parseInt(name, value);
        case "--events-per-day" -> eventsPerDay = parseInt(name, value);
        case "--seed" -> seed = parseLong(name, value);
        case "--data-dir" -> dataDir = parsePath(name, value);
        case "--store" -> store = StoreKind.parse(value);
        case "--jdbc-url" -> jdbcUrl = Optional.of(value);
        case "--format" -> format = Format.parse(value);
        case "--port" -> port = parseInt(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name + "; see --help");
      }
    }
    return new DemoOptions(command, workspaces, days, eventsPerDay, seed, dataDir, store, jdbcUrl, format, port, help);
  }

  /** Returns a copy with another store. */
  DemoOptions withStore(StoreKind kind, Optional<String> url) {
    return new DemoOptions(command, workspaces, days, eventsPerDay, seed, dataDir, kind, url, format, port, help);
  }

  /** Returns the URL with any password replaced, for messages and logs. */
  static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static int parseInt(String name, String value) {
    long parsed = parseLong(name, value);
    if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("option " + name + " is out of range: '" + value + "'");
    }
    return (int) parsed;
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + name + " must be a whole number but was '" + value + "'", e);
    }
  }

  private static Path parsePath(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("option " + name + " must not be blank");
    }
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("option " + name + " is not a path: '" + value + "'", e);
    }
  }

  private static void checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("option " + name + " must be " + min + " to " + max + " but was " + value);
    }
  }

  /** What the demo does. */
  enum Command {
    RUN, SERVE
  }

  /** Which store keeps the events. */
  enum StoreKind {
    H2, MEMORY, POSTGRES;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static StoreKind parse(String value) {
      for (StoreKind k : values()) {
        if (k.key().equals(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException("option --store must be h2, memory or postgres but was '" + value + "'");
    }
  }

  /** How reports are printed. */
  enum Format {
    TABLE, JSON, CSV;

    static Format parse(String value) {
      for (Format f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
          return f;
        }
      }
      throw new IllegalArgumentException("option --format must be table, json or csv but was '" + value + "'");
    }
  }
}
