package dev.usage.benchmarks.jdbc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Says where an H2 append spends its time: runs {@link JdbcAppendBenchmark}'s {@code floor},
 * {@code floorBatch}, {@code rawJdbc} and {@code library} shots over the same batches, warms them
 * up, then times the last rounds and prints, per shot, H2's own execution time per statement text
 * (its {@code INFORMATION_SCHEMA.QUERY_STATISTICS}, commits included) beside the shot's wall time.
 * The remainder is time outside H2's statements: binding, the store's checks and bookkeeping.
 * {@code rawJdbc} inserts every event and lets the redelivered keys fail: the other way to skip
 * them, against which the library's read of the taken keys is weighed.
 *
 * <p>Not a JMH benchmark: it splits one shot's time by statement, which JMH's scores cannot. It
 * is what bounds the H2 append against its floor in the README's Performance section. Run it
 * alone, e.g. {@code java -cp benchmarks/target/benchmarks.jar
 * dev.usage.benchmarks.jdbc.H2StatementTimes h2-mem 12}.
 *
 * <p>This class is not thread-safe; it is a program.
 */
public final class H2StatementTimes {

  private H2StatementTimes() {}

  /**
   * Runs the measurement.
   *
   * @param args {@code h2-mem} (the default) or {@code h2-file}, then the rounds (12 if absent), of
   *     which the last two are timed by statement
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? args[0] : "h2-mem", args.length > 1 ? Integer.parseInt(args[1]) : 12, System.out);
  }

  /** Runs {@code rounds} rounds of the shots on {@code database} and prints the last two to {@code out}. */
  static void run(String database, int rounds, PrintStream out) throws Exception {
    JdbcAppendBenchmark bench = new JdbcAppendBenchmark();
    bench.database = database;
    bench.duplicatePercent = 10;
    bench.batchSize = AppendFixture.BATCH;
    bench.setUp();
    try {
      for (int round = 0; round < rounds; round++) {
        boolean timed = round >= rounds - 2;
        for (String shot : new String[] {"floor", "floorBatch", "rawJdbc", "library"}) {
          bench.empty();
          statistics(bench, timed);
          long start = System.nanoTime();
          switch (shot) {
            case "floor" -> bench.floor();
            case "floorBatch" -> bench.floorBatch();
            case "rawJdbc" -> bench.rawJdbc();
            default -> bench.library();
          }
          double millis = (System.nanoTime() - start) / 1e6;
          out.printf(Locale.ROOT, "round %d %-10s %,8.0f ms%n", round, shot, millis);
          if (timed) {
            print(bench, millis, out);
            statistics(bench, false);
          }
        }
      }
    } finally {
      bench.tearDown();
    }
  }

  /** Turns H2's statement statistics on (emptied) or off. */
  private static void statistics(AppendFixture bench, boolean on) throws SQLException {
    try (Connection c = bench.pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET QUERY_STATISTICS " + (on ? "TRUE" : "FALSE"));
    }
  }

  private static void print(AppendFixture bench, double wallMillis, PrintStream out) throws SQLException {
    try (Connection c = bench.pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME"
            + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY CUMULATIVE_EXECUTION_TIME DESC")) {
      double statements = 0;
      while (rs.next()) {
        String sql = rs.getString(1).replaceAll("\\s+", " ");
        double millis = rs.getDouble(3);
        statements += millis;
        if (millis >= 1) {
          out.printf(Locale.ROOT, "    %,8.0f ms %,7d x  %s%n", millis, rs.getLong(2),
              sql.substring(0, Math.min(100, sql.length())));
        }
      }
      out.printf(Locale.ROOT, "    %,8.0f ms outside H2's statements%n", wallMillis - statements);
    }
  }
}
