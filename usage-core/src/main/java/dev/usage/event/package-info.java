/**
 * What was used: {@link dev.usage.event.UsageEvent} (a metric, an exact quantity, a tenant, an
 * instant and {@link dev.usage.event.Dimensions}), its idempotency key {@link
 * dev.usage.event.EventId}, and the factories that turn domain facts into events.
 *
 * <p>{@link dev.usage.event.UsageFacts} meters a call ({@link dev.usage.event.CallOutcome}), an
 * SMS, a model completion ({@link dev.usage.event.TokenCounts}), speech, a workflow run, a dial
 * attempt ({@link dev.usage.event.Dialer}) or a voicemail: each returns the fact's events with ids
 * derived from the fact's id, so recording a fact twice counts once. Time is metered in whole
 * seconds, rounded up.
 *
 * <p>Events are never edited: a correction is a {@linkplain
 * dev.usage.event.UsageEvent#reversal(EventId) reversal}. Usage that arrives late, or for a period
 * already invoiced, goes through a {@link dev.usage.event.LateEventPolicy}, whose {@link
 * dev.usage.event.LateEventDecision} says whether it was accepted, rebooked, restated or rejected,
 * and why.
 */
package dev.usage.event;
