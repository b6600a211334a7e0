package dev.usage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts under {@code dev/usage/jdbc/migration/<dialect>/} that a database lacks, and
 * records each in {@code usage_schema_version}.
 *
 * <p>The scripts follow Flyway's naming ({@code V1__usage_events.sql}), so a deployment that runs
 * Flyway or Liquibase can point it at the same folder instead of calling {@code migrate()}.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Migrator {

  /** Every script, oldest first. Resources cannot be listed portably, so they are named here. */
  static final List<String> SCRIPTS = List.of("V1__usage_events.sql", "V2__usage_rollup.sql", "V3__usage_ledger.sql",
      "V4__rollup_without_latest.sql");

  static final String VERSION_TABLE = "usage_schema_version";

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([a-z0-9_]+)\\.sql");

  private final Dialect dialect;

  Migrator(Dialect dialect) {
    this.dialect = dialect;
  }

  /** One script: its version, description, text and checksum. */
  record Script(int version, String description, String fileName, String sql, long checksum) {}

  /** Returns the scripts of the dialect, oldest first. */
  List<Script> scripts() {
    List<Script> scripts = new ArrayList<>();
    for (String file : SCRIPTS) {
      Matcher m = NAME.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException("migration script name " + file + " is not V<n>__<description>.sql");
      }
      String path = location(dialect) + file;
      String sql;
      try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("migration script " + path + " of dialect " + dialect + " is missing");
        }
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read migration script " + path, e);
      }
      CRC32 crc = new CRC32();
      crc.update(sql.getBytes(StandardCharsets.UTF_8));
      scripts.add(new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), file, sql, crc.getValue()));
    }
    return scripts;
  }

  /** Returns the resource folder of a dialect's scripts. */
  static String location(Dialect dialect) {
    return "dev/usage/jdbc/migration/" + dialect.name() + "/";
  }

  /**
   * Applies the missing scripts in one transaction where the database allows it.
   *
   * @return the versions applied, oldest first; empty when the schema was current
   */
  List<Integer> migrate(Connection c) throws SQLException {
    List<Script> scripts = scripts();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<Integer> applied = migrateInTransaction(c, scripts);
      c.commit();
      return applied;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private List<Integer> migrateInTransaction(Connection c, List<Script> scripts) throws SQLException {
    try (Statement st = c.createStatement()) {
      if (dialect.migrationLock().isPresent()) {
        st.execute(dialect.migrationLock().get());
      }
      st.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
          + "version INTEGER NOT NULL PRIMARY KEY, "
          + "description VARCHAR(200) NOT NULL, "
          + "script VARCHAR(200) NOT NULL, "
          + "checksum BIGINT NOT NULL, "
          + "installed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
    }
    Map<Integer, Long> installed = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + VERSION_TABLE)) {
      while (rs.next()) {
        installed.put(rs.getInt(1), rs.getLong(2));
      }
    }
    List<Integer> applied = new ArrayList<>();
    for (Script s : scripts) {
      Long checksum = installed.remove(s.version());
      if (checksum != null) {
        if (checksum != s.checksum()) {
          throw new IllegalStateException("migration V" + s.version() + " was applied with checksum " + checksum
              + " but " + location(dialect) + s.fileName() + " now has checksum " + s.checksum()
              + "; a script must never change once released");
        }
        continue;
      }
      try (Statement st = c.createStatement()) {
        for (String statement : statements(s.sql())) {
          st.execute(statement);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + VERSION_TABLE + " (version, description, script, checksum) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, s.version());
        ps.setString(2, s.description());
        ps.setString(3, s.fileName());
        ps.setLong(4, s.checksum());
        ps.executeUpdate();
      }
      LOG.info("applied usage schema migration V{} ({}) on {}", s.version(), s.description(), dialect);
      applied.add(s.version());
    }
    if (!installed.isEmpty()) {
      LOG.warn("usage schema has versions {} that this library does not know; it was migrated by a newer release",
          installed.keySet());
    }
    return applied;
  }

  /** Splits a script into statements: each ends with a ';' at the end of a line; '--' lines are comments. */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      // A dollar-quoted body over several lines (a PL/pgSQL function) may end a line with a ';' of
      // its own, where this line-based splitter would cut; refuse it rather than run half a
      // statement. A body opened and closed on one line splits correctly.
      if ((trimmed.length() - trimmed.replace("$$", "").length()) / 2 % 2 != 0) {
        throw new IllegalStateException("a dollar-quoted body ($$) must open and close on one line, which the "
            + "statement splitter needs; this line leaves one open: " + trimmed);
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String s = current.toString().strip();
        statements.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration script ends without ';': " + current.toString().strip());
    }
    return statements;
  }
}
