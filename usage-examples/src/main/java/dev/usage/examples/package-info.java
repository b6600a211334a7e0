/**
 * The runnable demo ({@code usage-demo.jar}): a seeded month of an AI voice and chat platform's
 * activity recorded through {@link dev.usage.UsageEngine}, the reports printed as tables, CSV or
 * JSON, and with {@code serve} a reporting HTTP API with API keys and a dashboard page.
 *
 * <p>Only {@link dev.usage.examples.Demo} is public: everything else is an example to read, not an
 * API to depend on.
 */
package dev.usage.examples;
