/**
 * Turns calendar days into instants and instants into days: the ranges usage is queried and
 * reported over.
 *
 * <ul>
 *   <li>{@link dev.usage.time.UsageRange}: an inclusive range of calendar days in a zone, UTC by
 *       default because usage is bucketed by UTC day. Its text form is
 *       {@code 2026-04-01/2026-04-30}, or {@code 2026-04-01/2026-04-30[Europe/Berlin]} in another
 *       zone; it covers the half-open instants {@code [startInstant, endInstant)}.
 *   <li>Presets such as {@link dev.usage.time.UsageRange#lastDays(int, java.time.Clock)} read the
 *       instant from an injected {@link java.time.Clock} and take "today" in the range's zone,
 *       never in the clock's zone.
 *   <li>{@link dev.usage.time.InstantRange}: the exact half-open form {@code [start, end)} for
 *       callers that hold instants; its days are the UTC days it touches.
 *   <li>{@link dev.usage.time.InvalidRangeException}: the one exception for every broken range
 *       rule, with a reason a web layer can map to HTTP 400.
 * </ul>
 *
 * <p>Every range, however built (factory, constructor, parse, preset, union or split), covers 1 to
 * 366 days in the years 0000 to 9999. The limit bounds what one query may scan; the years keep
 * {@code parse(range.toString())} equal to {@code range}.
 */
package dev.usage.time;
