/**
 * The usage reports platforms show and serve over REST: usage summary, AI, SMS, phone and voice
 * usage, member usage, billable metrics and the credit usage page.
 *
 * <p>Each report is an immutable value computed from a {@link dev.usage.spi.UsageStore} for a
 * tenant and a {@link dev.usage.time.UsageRange}, serialises with a plain Jackson {@code
 * ObjectMapper} to its documented JSON names, and merges with the report of the adjacent range
 * into exactly the report of their union. {@link dev.usage.report.UsageReports} is the entry
 * point: it applies each report's default range and the access rules ({@link
 * dev.usage.report.Scope}, {@link dev.usage.report.Caller}).
 */
package dev.usage.report;
