package dev.usage.jdbc;

import java.util.Locale;

/**
 * A dialect this library ships, known by the product name its JDBC driver reports. Its {@link
 * #name()}, the folder of its migration scripts, is that product name in lower case: {@code h2},
 * {@code postgresql}.
 *
 * <p>This class is immutable and thread-safe.
 */
abstract class BuiltInDialect extends Dialect {

  private final String productName;

  BuiltInDialect(String productName) {
    this.productName = productName;
  }

  @Override
  public final String name() {
    return productName.toLowerCase(Locale.ROOT);
  }

  @Override
  public final boolean accepts(String databaseProductName) {
    return databaseProductName.equalsIgnoreCase(productName);
  }
}
