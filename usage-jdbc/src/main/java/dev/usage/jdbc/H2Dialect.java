package dev.usage.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** H2 2.x. This class is immutable and thread-safe. */
final class H2Dialect extends BuiltInDialect {

  static final H2Dialect INSTANCE = new H2Dialect();

  private H2Dialect() {
    super("H2");
  }

  @Override
  public boolean isTransient(SQLException e) {
    // Besides deadlocks (40001), H2 gives up waiting for a row lock another transaction holds after
    // its LOCK_TIMEOUT (HYT00, error 50200), and MVStore reports a row changed under it as a
    // concurrent update (90131). Both roll back nothing of the others' work; the whole transaction
    // may run again, as on PostgreSQL after a serialization failure.
    String state = e.getSQLState();
    return super.isTransient(e) || "HYT00".equals(state) || "90131".equals(state);
  }

  @Override
  public String insertNewRows(String table, List<String> columns, List<String> keyColumns, int rows) {
    // H2 has no ON CONFLICT outside its PostgreSQL mode, which the caller's URL may not set. Its
    // MERGE … WHEN NOT MATCHED, read through FINAL TABLE, returned wrong keys and even wrong values
    // under concurrent inserts of the same keys (2.3.232). A plain INSERT per batch entry is exact:
    // H2 runs every entry, fails the taken keys alone with 23505, and keeps the transaction.
    if (rows != 1) {
      throw new IllegalArgumentException("the H2 insert is one row per batch entry, not " + rows);
    }
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
  }

  @Override
  public boolean insertReturnsKeys() {
    return false;
  }

  @Override
  public String upsertRows(String table, List<String> columns, List<String> elementTypes, List<String> values,
      List<String> keyColumns, Map<String, String> updates) {
    // H2's MERGE takes its insert branch without waiting for a concurrent insert of the same key
    // and then fails that statement alone with 23505 (h2database#4171); the store runs it again.
    StringBuilder sql = new StringBuilder("MERGE INTO ").append(table).append(" t USING (")
        .append(unnest(columns, elementTypes, values)).append(") AS excluded ON ");
    for (int i = 0; i < keyColumns.size(); i++) {
      sql.append(i == 0 ? "" : " AND ").append("t.").append(keyColumns.get(i)).append(" = excluded.")
          .append(keyColumns.get(i));
    }
    sql.append(" WHEN MATCHED THEN UPDATE SET ").append(assignments(updates))
        .append(" WHEN NOT MATCHED THEN INSERT (").append(String.join(", ", columns)).append(") VALUES (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("excluded.").append(columns.get(i));
    }
    return sql.append(")").toString();
  }

  @Override
  public String selectByIds(String table, int ids) {
    // H2 looks up event_id IN (...) in the primary key only as its first column; joined with a
    // list of ids it looks each one up (scanCount 3 for 2 ids instead of the tenant's every row).
    return " FROM (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)))) AS t(organization, workspace)"
        + " CROSS JOIN (VALUES " + String.join(", ", Collections.nCopies(ids, "(?)")) + ") AS k(event_id)"
        + " JOIN " + table + " u ON u.organization = t.organization AND u.workspace = t.workspace"
        + " AND u.event_id = k.event_id";
  }

  @Override
  public Optional<String> selectByKeys(String table) {
    // TABLE(name type = array, …) zips array parameters into rows (H2 2.x); joined to the table it
    // looks each key up in the primary key.
    return Optional.of(" FROM TABLE(organization VARCHAR(64) = ?, workspace VARCHAR(64) = ?, event_id VARCHAR(200) = ?) k"
        + " JOIN " + table + " u ON u.organization = k.organization AND u.workspace = k.workspace"
        + " AND u.event_id = k.event_id");
  }

  @Override
  public String eventIdOrder() {
    // A generated VARBINARY column holding the id's UTF-8 bytes: H2 compares strings as UTF-16,
    // binary strings as unsigned bytes.
    return "event_id_key";
  }

  @Override
  public String eventIdOrderParameter() {
    return "CAST(CAST(? AS VARCHAR(200)) AS VARBINARY(800))";
  }

  @Override
  public Optional<String> migrationLock() {
    return Optional.empty();
  }
}
