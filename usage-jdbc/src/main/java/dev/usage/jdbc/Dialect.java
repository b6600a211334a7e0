package dev.usage.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few pieces of SQL in which databases differ; everything else {@link JdbcUsageStore} writes
 * is standard SQL that H2 2.x and PostgreSQL 15+ both run.
 *
 * <p>Supporting another database means one subclass of this class plus its migration scripts
 * under {@code dev/usage/jdbc/migration/<name>/}. Day bucketing is not a dialect concern: the store turns the
 * query's zone into fixed-offset segments with the JVM's time-zone rules and buckets with integer
 * arithmetic, so that every database agrees with {@code java.time} (and with the in-memory store)
 * even when its own time-zone data is a different release.
 *
 * <p>Implementations must be immutable and thread-safe. This class is immutable and thread-safe.
 */
public abstract class Dialect {

  /** Creates a dialect. */
  protected Dialect() {}

  /** {@return the dialect of H2 2.x, embedded (file or in-memory) or server} */
  public static Dialect h2() {
    return H2Dialect.INSTANCE;
  }

  /** {@return the dialect of PostgreSQL 15 and later, and of Citus on top of it} */
  public static Dialect postgresql() {
    return PostgresDialect.INSTANCE;
  }

  /**
   * Returns the built-in dialect of a database product.
   *
   * @param databaseProductName what {@link java.sql.DatabaseMetaData#getDatabaseProductName()} says
   * @return the dialect, or empty when no built-in dialect speaks to that product
   */
  public static Optional<Dialect> forProduct(String databaseProductName) {
    requireNonNull(databaseProductName, "databaseProductName");
    for (Dialect d : List.of(h2(), postgresql())) {
      if (d.accepts(databaseProductName)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the short name of the dialect, which is also the folder of its migration scripts:
   * {@code dev/usage/jdbc/migration/<name>/V1__usage_events.sql}.
   *
   * @return lowercase letters, e.g. {@code postgresql}
   */
  public abstract String name();

  /**
   * Returns whether this dialect speaks to a database product.
   *
   * @param databaseProductName what {@link java.sql.DatabaseMetaData#getDatabaseProductName()} says
   * @return true if the product is this dialect's
   */
  public abstract boolean accepts(String databaseProductName);

  /**
   * Returns a statement that inserts {@code rows} rows of {@code columns} into {@code table}, where
   * rows whose {@code keyColumns} are already taken are skipped.
   *
   * <p>The store uses it only when {@link #insertNewRowsFromArrays} is empty. When {@link
   * #insertReturnsKeys()} is true the statement is a query that skips taken keys
   * itself and returns the {@code keyColumns} of the rows it inserted: PostgreSQL's {@code INSERT
   * … ON CONFLICT DO NOTHING RETURNING}. Otherwise {@code rows} is 1 and the store runs the
   * statement as a JDBC batch, one entry per row; an entry that fails with a {@linkplain
   * #isUniqueViolation unique violation} was skipped, and the database must carry on with the
   * other entries and keep the transaction usable, as H2 does with a plain {@code INSERT}. The
   * store then first reads back which keys of the batch are taken and inserts only the others, so
   * that entries fail only on keys another transaction inserted meanwhile.
   *
   * <p>Parameters are the rows' values, row after row, each row in the order of {@code columns}.
   * Table and column names come from the store, never from user input.
   *
   * @param table the table
   * @param columns the columns of a row
   * @param keyColumns the columns of the primary key, a subset of {@code columns}
   * @param rows how many rows the statement inserts, at least 1
   * @return the SQL
   */
  public abstract String insertNewRows(String table, List<String> columns, List<String> keyColumns, int rows);

  /**
   * Returns whether {@link #insertNewRows} is a multi-row query that returns the keys it inserted,
   * rather than a one-row insert run as a batch whose failed entries mark the skipped rows.
   *
   * @return true for {@code INSERT … ON CONFLICT DO NOTHING RETURNING} or an equivalent
   */
  public abstract boolean insertReturnsKeys();

  /**
   * Returns a statement that inserts rows given column by column, one array parameter per column,
   * skips rows whose {@code keyColumns} are already taken, and returns the {@code keyColumns} of
   * the rows it inserted; or empty, the default, when the database cannot, and the store uses
   * {@link #insertNewRows}.
   *
   * <p>Parameter {@code i} is an array made with {@link java.sql.Connection#createArrayOf} of
   * element type {@code elementTypes.get(i)} ({@code varchar}, {@code bigint}, {@code numeric} or
   * {@code boolean}), holding column {@code columns.get(i)} of every row, row after row, nulls
   * included. The statement text is the same for any number of rows, so the database plans it once
   * per connection, and it binds as many parameters as there are columns, however many rows.
   *
   * @param table the table
   * @param columns the columns of a row
   * @param elementTypes the array element type of each column, in the order of {@code columns}
   * @param keyColumns the columns of the primary key, a subset of {@code columns}
   * @return the SQL, or empty
   */
  public Optional<String> insertNewRowsFromArrays(String table, List<String> columns, List<String> elementTypes,
      List<String> keyColumns) {
    return Optional.empty();
  }

  /**
   * Returns the {@code FROM} and {@code WHERE} clauses that select the rows of {@code table},
   * aliased {@code u}, whose key is any of the keys given as three {@code varchar} array
   * parameters, made with {@link java.sql.Connection#createArrayOf}: the organizations, the
   * workspaces and the event ids, key after key. The store reads back the rows an insert skipped
   * with one such statement for a whole batch, whatever its tenants. Empty, the default, when the
   * database cannot; the store then runs {@link #selectByIds} once per tenant.
   *
   * <p>The clauses must look each key up in the primary key, whatever the table's statistics say:
   * a plan that scans a tenant's time index instead costs its whole history per key.
   *
   * @param table the table
   * @return the SQL, starting with {@code " FROM "}, or empty
   */
  public Optional<String> selectByKeys(String table) {
    return Optional.empty();
  }

  /**
   * Returns a statement that adds rows to {@code table}: a row whose {@code keyColumns} are not yet
   * taken is inserted, and a row whose key is taken updates the stored row with {@code updates}.
   *
   * <p>The rows arrive as one array parameter per column, in the order of {@code columns}, whose
   * elements have the SQL type {@code elementTypes}; the statement reads them with {@code UNNEST}
   * as a table {@code u} with those column names. {@code values} gives each column's value in
   * terms of {@code u}, e.g. {@code u.latest_id} or a cast of it. One array per column keeps the
   * statement's text the same for any number of rows, so that the database parses and plans it
   * once per connection, not once per batch.
   *
   * <p>The update expressions refer to the stored row as {@code t} and to the row offered as
   * {@code excluded}, e.g. {@code t.event_count + excluded.event_count}, and see the stored row's
   * values as they were before the statement. The rows' keys are distinct, and the store sorts
   * them, so that concurrent statements lock taken keys in one order.
   *
   * <p>The default is PostgreSQL's {@code INSERT … SELECT … FROM UNNEST(…) ON CONFLICT (keyColumns)
   * DO UPDATE}. A database may instead fail the statement with a {@linkplain #isUniqueViolation
   * unique violation} when a concurrent transaction inserted one of its keys first, if it keeps the
   * transaction usable (H2's {@code MERGE}); the store then runs the statement again.
   *
   * @param table the table
   * @param columns the columns of a row
   * @param elementTypes the SQL type of each column's array elements, e.g. {@code VARCHAR(64)}
   * @param values the value of each column, in terms of {@code u.<column>}
   * @param keyColumns the columns of the primary key, a subset of {@code columns}
   * @param updates per column to update, its new value
   * @return the SQL
   */
  public String upsertRows(String table, List<String> columns, List<String> elementTypes, List<String> values,
      List<String> keyColumns, Map<String, String> updates) {
    return "INSERT INTO " + table + " AS t (" + String.join(", ", columns) + ") "
        + unnest(columns, elementTypes, values) + " ON CONFLICT (" + String.join(", ", keyColumns)
        + ") DO UPDATE SET " + assignments(updates);
  }

  /** Returns {@code SELECT values FROM UNNEST(?, …) AS u(columns)}, each {@code ?} cast to an array. */
  static String unnest(List<String> columns, List<String> elementTypes, List<String> values) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(values.get(i)).append(" AS ").append(columns.get(i));
    }
    sql.append(" FROM UNNEST(");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(elementTypes.get(i)).append(" ARRAY)");
    }
    return sql.append(") AS u(").append(String.join(", ", columns)).append(")").toString();
  }

  /** Returns {@code a = x, b = y} of the updates. */
  static String assignments(Map<String, String> updates) {
    StringBuilder sql = new StringBuilder();
    for (Map.Entry<String, String> u : updates.entrySet()) {
      sql.append(sql.length() == 0 ? "" : ", ").append(u.getKey()).append(" = ").append(u.getValue());
    }
    return sql.toString();
  }

  /**
   * Returns the {@code FROM} and {@code WHERE} clauses that select one tenant's rows with any of
   * {@code ids} event ids from {@code table}, aliased {@code u}: how the store reads back the
   * rows an insert skipped. The store binds the organization, the workspace, then each id.
   *
   * <p>The default, {@code u.organization = ? AND u.workspace = ? AND u.event_id IN (?, …)}, lets
   * PostgreSQL look the ids up in the primary key with one index scan (2.5 ms for 500 ids, where
   * a row-value {@code IN} list of 500 keys took 50 ms).
   *
   * @param table the table
   * @param ids how many ids, at least 1
   * @return the SQL, starting with {@code " FROM "}
   */
  public String selectByIds(String table, int ids) {
    return " FROM " + table + " u WHERE u.organization = ? AND u.workspace = ? AND u.event_id IN ("
        + String.join(", ", java.util.Collections.nCopies(ids, "?")) + ")";
  }

  /**
   * Returns an expression over {@code event_id} that sorts in code-point order, which is the byte
   * order of UTF-8: {@code event_id COLLATE "C"} on PostgreSQL, a generated binary column on H2,
   * whose strings compare as UTF-16.
   *
   * @return the SQL expression
   */
  public abstract String eventIdOrder();

  /**
   * Returns the expression that turns a bound event id parameter ({@code ?}) into a value
   * comparable with {@link #eventIdOrder()}.
   *
   * @return the SQL expression, with exactly one {@code ?}
   */
  public abstract String eventIdOrderParameter();

  /**
   * Returns the statement that makes concurrent {@link JdbcUsageStore#migrate()} calls wait for one
   * another until the end of the current transaction, if the database has such a lock.
   *
   * @return the SQL, or empty when the database cannot lock across processes (H2)
   */
  public abstract Optional<String> migrationLock();

  /**
   * Returns whether a failure is a unique-key violation. The default reads SQLSTATE {@code 23505},
   * which both built-in databases use.
   *
   * @param e a failure
   * @return true if a unique or primary key was violated
   */
  public boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /**
   * Returns whether a failure is transient and the whole transaction may be retried: serialization
   * failures ({@code 40001}) and deadlocks ({@code 40P01}).
   *
   * @param e a failure
   * @return true if retrying the transaction may succeed
   */
  public boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** Returns the {@linkplain #name() name}. */
  @Override
  public String toString() {
    return name();
  }
}
