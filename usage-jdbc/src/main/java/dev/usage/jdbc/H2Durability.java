package dev.usage.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Refuses an H2 file database whose settings would lose acknowledged appends when the process
 * dies.
 *
 * <p>H2 2.x commits to its MVStore file, but with {@code WRITE_DELAY} above 0 (the default is
 * 500 ms) a commit only marks the change, and a background thread writes it up to that many
 * milliseconds later. A process killed in between loses transactions whose commit had returned:
 * killed with SIGKILL after 91,274 single-row commits, a 2.3.232 database held 81,822 rows; with
 * {@code WRITE_DELAY=0}, 5,957 of 5,957. With 0, each commit writes its chunk to the file before
 * it returns (about one {@code pwrite} per commit under strace) but does not {@code fsync} it
 * (H2 calls {@code FileChannel.force} only on close and {@code CHECKPOINT SYNC}): the commit
 * survives a crash of the process, not of the operating system or the machine.
 *
 * <p>The store refuses rather than running {@code SET WRITE_DELAY 0} itself: that statement needs
 * admin rights, changes the whole database for every other user of it, and would not stick when
 * the URL sets the delay, since H2 applies URL settings each time it opens the database (by
 * default, again after its last connection closes). In-memory databases are not checked: a crash
 * loses them whole whatever the setting.
 *
 * <p>This class is immutable and thread-safe.
 */
final class H2Durability {

  /** The only {@code WRITE_DELAY}, in milliseconds, under which a returned commit is in the file. */
  static final int DURABLE_WRITE_DELAY = 0;

  private H2Durability() {}

  /**
   * Checks that the H2 database behind {@code dataSource}, if it is stored in files, writes each
   * commit before the commit returns.
   *
   * @param dataSource a data source of an H2 2.x database
   * @throws IllegalStateException naming the database, the setting, its value and the fix, if
   *     {@code WRITE_DELAY} is not 0
   * @throws JdbcUsageStoreException if reading the settings fails
   */
  static void requireDurableCommits(DataSource dataSource) {
    String path;
    int writeDelay;
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT DATABASE_PATH()")) {
        path = rs.next() ? rs.getString(1) : null;
      }
      if (path == null) {
        return; // in memory
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
        if (!rs.next()) {
          throw new IllegalStateException("h2 database " + path + " does not report its WRITE_DELAY in "
              + "INFORMATION_SCHEMA.SETTINGS, so the store cannot tell whether a returned commit is in the file; "
              + "use H2 2.x");
        }
        writeDelay = Integer.parseInt(rs.getString(1).trim());
      }
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new JdbcUsageStoreException("reading the WRITE_DELAY setting of the H2 database failed", e);
    }
    if (writeDelay != DURABLE_WRITE_DELAY) {
      throw new IllegalStateException("h2 database " + path + " has WRITE_DELAY " + writeDelay
          + " ms, but the store needs 0: with a delay, events whose append returned in the last " + writeDelay
          + " ms are lost if the process dies; add ;WRITE_DELAY=0 to the JDBC URL (jdbc:h2:file:" + path
          + ";WRITE_DELAY=0), or run SET WRITE_DELAY 0 once as an admin (the setting persists)");
    }
  }
}
