package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The crash test on PostgreSQL: besides the writer's SIGKILLs, the server itself crashes once in
 * the middle of ingestion ({@code pg_ctl restart -m immediate}: every server process killed, no
 * checkpoint, WAL replayed on start) while the writer retries. Needs the cluster of {@code
 * .ci/postgres.sh}, which runs with {@code fsync=on}.
 */
class PostgresCrashTest extends CrashTestCases {

  private PostgresCluster cluster;
  private int serverCrashes;
  private long failedWrites;
  private long restartMillis;
  private int ackedBeforeCrash;
  private int ackedAfterCrash;

  @Override
  TestDatabase newDatabase() throws SQLException {
    cluster = PostgresCluster.require();
    TestDatabase database = TestDatabase.postgres();
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW fsync")) {
      rs.next();
      assertThat(rs.getString(1)).as("fsync of the test cluster; .ci/postgres.sh starts it with fsync=on, "
          + "without which a crash of the machine could lose acknowledged events").isEqualTo("on");
    }
    return database;
  }

  @Override
  String writerUrl() {
    return TestDatabase.postgresUrl();
  }

  @Override
  String writerSchema() {
    return ((PGSimpleDataSource) db.dataSource()).getCurrentSchema();
  }

  @Override
  void whileWriting(CrashHarness harness, Process writer, int run) throws Exception {
    if (run != KILLS / 2) {
      return;
    }
    long retries = harness.retries();
    ackedBeforeCrash = harness.lastAcked();
    restartMillis = cluster.restart("immediate");
    assertThat(writer.isAlive()).as("the writer outlived the server's crash").isTrue();
    // Ingestion resumed: the writer acknowledges a batch written after the restart.
    ackedAfterCrash = harness.awaitAckAfter(writer, harness.lastAcked(), Duration.ofSeconds(60));
    failedWrites = harness.retries() - retries;
    serverCrashes++;
  }

  @Override
  void assertOwnFaultsHappened(CrashHarness harness) {
    assertThat(serverCrashes).as("server crashes in the middle of ingestion").isEqualTo(1);
    assertThat(ackedBeforeCrash).as("batches acknowledged before the server crashed").isNotNegative();
    assertThat(ackedAfterCrash).as("batches acknowledged after the restart").isGreaterThan(ackedBeforeCrash);
    assertThat(failedWrites).as("writes that failed while the server was down, and were retried").isPositive();
    System.out.println("FAULT postgres-crash restartMillis=" + restartMillis + " failedWrites=" + failedWrites
        + " ackedBefore=" + ackedBeforeCrash + " ackedAfter=" + ackedAfterCrash);
  }
}
