package dev.usage.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code usage.*} properties of {@link UsageAutoConfiguration}.
 *
 * <pre>
 * usage.jdbc.migrate=true             # create or upgrade the library's tables at start-up
 * usage.jdbc.join-transactions=true   # record inside the caller's @Transactional transaction
 * usage.throw-on-rejection=false      # make record() throw when some events are not stored
 * </pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param jdbc the JDBC store's properties, {@code usage.jdbc.*}
 * @param throwOnRejection whether {@link dev.usage.UsageEngine#record} throws {@link
 *     dev.usage.UsageRejectedException} (after storing the rest) when some events of a batch are not
 *     stored, instead of returning them in its result and logging a warning; {@code false} by
 *     default, as the engine's own default
 */
@ConfigurationProperties(prefix = "usage")
public record UsageProperties(@DefaultValue Jdbc jdbc, @DefaultValue("false") boolean throwOnRejection) {

  /**
   * The {@code usage.jdbc.*} properties.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param migrate whether the auto-configured store runs {@link dev.usage.jdbc.JdbcUsageStore#migrate()}
   *     when it is created: {@code true} by default, as Spring Boot runs Flyway when it is present,
   *     because {@code migrate()} is idempotent, checksummed, keeps its own history table ({@code
   *     usage_schema_version}) and its scripts ({@code dev/usage/jdbc/migration/}) outside Flyway's
   *     {@code db/migration}, and on PostgreSQL serializes concurrent starts under an advisory
   *     lock, so it is safe beside the application's own migrations. Set it to {@code false} when the
   *     library's scripts are applied another way (your Flyway with its own locations and history
   *     table, or a DBA), or when several processes start on one H2 file
   * @param joinTransactions whether the store's writes ({@code record}, {@code reverse}, opening
   *     wallets, grants) join the Spring-managed transaction open on the calling thread, so that its
   *     rollback takes back the events and their debits: {@code true} by default. With {@code false}
   *     each write commits on its own connection at once, even inside {@code @Transactional} code
   */
  public record Jdbc(@DefaultValue("true") boolean migrate, @DefaultValue("true") boolean joinTransactions) {}
}
