/**
 * Meters, prices and reports the usage of AI voice, chat and SMS platforms.
 *
 * <p>{@link dev.usage.UsageEngine} is the front door: it prices each recorded event, stores it
 * idempotently and debits the tenant's wallet. Each sub-package holds one domain idea:
 *
 * <ul>
 *   <li>{@code metric}: what can be measured, built-in and user-defined metrics;
 *   <li>{@code event}: usage events, their ids and dimensions, and the factories that turn calls,
 *       SMS, completions, speech and workflow runs into events;
 *   <li>{@code sms}: encoding detection and SMS segment counting;
 *   <li>{@code pricing}: credits, rate cards and the calculator that prices an event once;
 *   <li>{@code plan}: what a tenant subscribes to and its allotments;
 *   <li>{@code wallet}: credit wallets, their ledger, plan health and depletion forecasts;
 *   <li>{@code time}: day ranges in a zone and instant ranges;
 *   <li>{@code report}: the usage reports, computed from a store over a range;
 *   <li>{@code spi}: the storage SPI, {@code UsageStore} and the types an adapter sees;
 *   <li>{@code store}: the embedded in-memory store.
 * </ul>
 */
package dev.usage;
