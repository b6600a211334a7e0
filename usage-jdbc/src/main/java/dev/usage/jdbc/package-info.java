/**
 * A JDBC {@link dev.usage.spi.UsageStore} for H2 2.x and PostgreSQL 15+: {@link
 * dev.usage.jdbc.JdbcUsageStore}, built over the caller's {@link javax.sql.DataSource}, and the
 * {@link dev.usage.jdbc.Dialect} seam for other databases.
 *
 * <p>The schema is versioned SQL under {@code dev/usage/jdbc/migration/h2/} and {@code dev/usage/jdbc/migration/postgresql/}
 * (Flyway names, so Flyway can run them too), applied by {@link
 * dev.usage.jdbc.JdbcUsageStore#migrate()}. A monthly-partitioned PostgreSQL variant is described
 * in {@code db/variants/postgresql-partitioned.sql}.
 */
package dev.usage.jdbc;
