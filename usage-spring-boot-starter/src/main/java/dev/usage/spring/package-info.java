/**
 * Spring Boot auto-configuration of the usage library: {@link dev.usage.spring.UsageAutoConfiguration}
 * builds a {@link dev.usage.jdbc.JdbcUsageStore} over the application's {@link javax.sql.DataSource}
 * whose writes join Spring-managed transactions ({@link dev.usage.spring.SpringCallerTransaction}),
 * migrates its schema when {@code usage.jdbc.migrate} is on, and, given a {@link
 * dev.usage.pricing.CreditCalculator} bean, the {@link dev.usage.UsageEngine} and its {@link
 * dev.usage.report.UsageReports}. {@link dev.usage.spring.UsageProperties} lists the properties;
 * each bean gives way to one the application defines.
 */
package dev.usage.spring;
