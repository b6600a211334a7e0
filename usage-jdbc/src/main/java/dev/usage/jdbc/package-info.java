/**
 * A JDBC {@code UsageStore} for H2 and PostgreSQL. The store arrives with the JDBC issue; this
 * package exists so that the module and its {@code dev.usage.jdbc} module name are in place.
 */
package dev.usage.jdbc;
