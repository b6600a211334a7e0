package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Direction;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The phone usage of a tenant over a range of days: finished calls on channels {@code voice} and
 * {@code phone}, by direction, their seconds, and one row per day and phone number.
 *
 * <p>Only finished calls with a real start and end count: the {@code calls} metric for the calls
 * and the {@code voice_minutes} metric for their seconds, on events whose channel is {@code voice}
 * or {@code phone}. Missed calls ({@code missed_calls}) and calls in progress ({@code
 * calls_in_progress}) are other metrics and never count; chats never count.
 *
 * <ul>
 *   <li>{@code totalCalls}, {@code totalInbound}, {@code totalOutbound}: finished calls, and those
 *       of them inbound and outbound; a call without a direction is in neither.
 *   <li>{@code totalDurationSeconds}: their exact seconds.
 *   <li>{@code rows}: one per day (in the range's zone) and phone number with calls or seconds,
 *       sorted by {@code date} then {@code phoneNumber}: {@code calls}, {@code inbound}, {@code
 *       outbound}, {@code totalDurationSeconds}. Calls whose events carry no phone number are in a row
 *       whose {@code phoneNumber} is the empty string, first among its day's rows.
 * </ul>
 *
 * <p>Counts are sums of the {@code calls} metric, so a reversal of a call takes it back out. The
 * range is not written to JSON.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days the report covers
 * @param rows one per day and phone number, sorted by day then phone number
 */
@JsonPropertyOrder({"totalCalls", "totalInbound", "totalOutbound", "totalDurationSeconds", "rows"})
public record PhoneUsageReport(@JsonIgnore UsageRange range, @JsonProperty("rows") List<Row> rows) {

  private static final Comparator<Row> BY_KEY = Comparator.comparing(Row::date).thenComparing(Row::phoneNumber);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a row's day is outside the range, or the rows are not
   *     sorted by day and phone number with no key twice
   * @param range the days the report covers
   * @param rows one per day and phone number, sorted by day then phone number
   */
  public PhoneUsageReport {
    requireNonNull(range, "range");
    rows = List.copyOf(rows);
    ReportSupport.checkDayRows(range, rows, BY_KEY, "phone row");
  }

  /**
   * Returns the range the phone report covers unless the caller asks for another: every UTC day
   * of the current month, days still to come included.
   *
   * @param clock gives today
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.thisMonth(clock);
  }

  /**
   * Computes a tenant's phone usage on the days of a range, with one aggregate query.
   *
   * @param store where the tenant's events are
   * @param tenant whose usage
   * @param range which days, in the range's zone
   * @return the report
   */
  static PhoneUsageReport compute(UsageStore store, TenantId tenant, UsageRange range) {
    List<AggregateRow> aggregates = ReportSupport.aggregate(store, tenant, range,
        ReportSupport.metrics(Metrics.CALLS, Metrics.VOICE_MINUTES)
            .with(DimensionKey.CHANNEL, Channel.VOICE.name(), Channel.PHONE.name()),
        GroupKey.DAY, GroupKey.PHONE_NUMBER, GroupKey.METRIC, GroupKey.DIRECTION);
    // Counts in the order of Row's components: calls, inbound, outbound, seconds.
    PhoneDayTotals totals = new PhoneDayTotals();
    for (AggregateRow a : aggregates) {
      if (a.metric().equals(Metrics.CALLS.key())) {
        String direction = ReportSupport.value(a, GroupKey.DIRECTION);
        totals.add(a, 0, a.sum());
        if (direction.equals(Direction.INBOUND.key())) {
          totals.add(a, 1, a.sum());
        } else if (direction.equals(Direction.OUTBOUND.key())) {
          totals.add(a, 2, a.sum());
        }
      } else {
        totals.add(a, 3, a.sum());
      }
    }
    return new PhoneUsageReport(range, totals.rows(Row::new));
  }

  /**
   * Returns the report over this range and the days right after it: the rows of {@code other}
   * follow this report's, and the totals add up.
   *
   * @param other the report of the days that start the day after this range ends, same zone
   * @return the report of both ranges, equal to the one computed over their union
   * @throws IllegalArgumentException if {@code other}'s range does not start the day after this
   *     range ends in the same zone, or the union exceeds {@value UsageRange#MAX_DAYS} days
   */
  public PhoneUsageReport merge(PhoneUsageReport other) {
    requireNonNull(other, "other");
    UsageRange union = ReportSupport.follow(range, other.range);
    // The ranges share no day, so no row key is in both and the rows stay sorted.
    return new PhoneUsageReport(union, ReportSupport.concat(rows, other.rows));
  }

  /** {@return the finished voice and phone calls: the {@code calls} metric} */
  @JsonProperty("totalCalls")
  public long totalCalls() {
    return ReportSupport.sum(rows, Row::calls);
  }

  /** {@return the finished inbound calls} */
  @JsonProperty("totalInbound")
  public long totalInbound() {
    return ReportSupport.sum(rows, Row::inbound);
  }

  // Like SmsUsageReport on purpose: public rows keyed alike, with their own counts and JSON names.
  /** {@return the finished outbound calls} */
  @JsonProperty("totalOutbound")
  public long totalOutbound() {
    return ReportSupport.sum(rows, Row::outbound);
  }

  /** {@return the seconds of the finished calls: the {@code voice_minutes} metric} */
  @JsonProperty("totalDurationSeconds")
  public long totalDurationSeconds() {
    return ReportSupport.sum(rows, Row::totalDurationSeconds);
  }

  /**
   * The finished calls of one day and phone number.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param phoneNumber the phone number in E.164 form, or empty for calls without one
   * @param calls finished calls
   * @param inbound those of them inbound
   * @param outbound those of them outbound
   * @param totalDurationSeconds their seconds: divided by {@code inbound + outbound}, the average call
   */
  @JsonPropertyOrder({"date", "phoneNumber", "calls", "inbound", "outbound", "totalDurationSeconds"})
  public record Row(
      @JsonIgnore LocalDate date,
      @JsonProperty("phoneNumber") String phoneNumber,
      @JsonProperty("calls") long calls,
      @JsonProperty("inbound") long inbound,
      @JsonProperty("outbound") long outbound,
      @JsonProperty("totalDurationSeconds") long totalDurationSeconds) implements DatedRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param phoneNumber the phone number in E.164 form, or empty for calls without one
     * @param calls finished calls
     * @param inbound those of them inbound
     * @param outbound those of them outbound
     * @param totalDurationSeconds their seconds: divided by {@code inbound + outbound}, the average call
     */
    public Row {
      requireNonNull(date, "date");
      requireNonNull(phoneNumber, "phoneNumber");
    }
  }
}
