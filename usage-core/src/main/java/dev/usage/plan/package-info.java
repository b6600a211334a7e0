/**
 * What a tenant subscribes to: a {@link dev.usage.plan.Plan} lists the metrics it counts and shows,
 * allots usage per {@link dev.usage.plan.CreditType} and names the billing increment its calls are
 * rounded to.
 *
 * <p>Allotments are quoted as people read them (minutes) and compared with metered usage in the
 * metric's own unit (seconds) by exact integer conversion. The library ships no ready-made plans:
 * plans are the host's product decisions, and {@link dev.usage.plan.Plan} shows how to build one.
 */
package dev.usage.plan;
