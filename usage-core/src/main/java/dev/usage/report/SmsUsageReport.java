package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
 * The SMS usage of a tenant over a range of days: messages and segments in and out, characters,
 * and one row per day and phone number.
 *
 * <p>Fields and the metrics that feed them:
 *
 * <ul>
 *   <li>{@code totalInbound} and {@code totalOutbound}: messages, the number of {@code
 *       sms_inbound} and {@code sms_outbound} events (one per message); {@code totalMessages} is
 *       their sum.
 *   <li>{@code totalInboundSegments} and {@code totalOutboundSegments}: the quantities of those
 *       metrics, the segments carriers bill; {@code totalSegments} is their sum.
 *   <li>{@code totalCharacters}: the {@code sms_characters} metric, both directions.
 *   <li>{@code rows}: one per day (in the range's zone) and phone number that has inbound or
 *       outbound messages, sorted by {@code date} then {@code phoneNumber}, each with {@code
 *       inbound}, {@code outbound}, {@code inboundSegments} and {@code outboundSegments}. Messages
 *       whose events carry no phone number are in a row whose {@code phoneNumber} is the empty
 *       string, first among its day's rows; the field is always present.
 * </ul>
 *
 * <p>Message counts are the SMS events that stand ({@link AggregateRow#netCount()}): a reversed
 * SMS counts zero, as its reversal's negative segments take the segments back out. The range is
 * not written to JSON.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days the report covers
 * @param totalCharacters the {@code sms_characters} of the range
 * @param rows one per day and phone number, sorted by day then phone number
 */
@JsonPropertyOrder({
  "totalMessages", "totalInbound", "totalOutbound", "totalCharacters", "totalSegments",
  "totalInboundSegments", "totalOutboundSegments", "rows"
})
public record SmsUsageReport(
    @JsonIgnore UsageRange range,
    @JsonProperty("totalCharacters") long totalCharacters,
    @JsonProperty("rows") List<Row> rows) {

  private static final Comparator<Row> BY_KEY = Comparator.comparing(Row::date).thenComparing(Row::phoneNumber);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a row's day is outside the range, or the rows are not
   *     sorted by day and phone number with no key twice
   * @param range the days the report covers
   * @param totalCharacters the {@code sms_characters} of the range
   * @param rows one per day and phone number, sorted by day then phone number
   */
  public SmsUsageReport {
    requireNonNull(range, "range");
    rows = List.copyOf(rows);
    ReportSupport.checkDayRows(range, rows, BY_KEY, "sms row");
  }

  /**
   * Returns the range the SMS report covers unless the caller asks for another: every UTC day of
   * the current month, days still to come included.
   *
   * @param clock gives today
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.thisMonth(clock);
  }

  /**
   * Computes a tenant's SMS usage on the days of a range, with one aggregate query.
   *
   * @param store where the tenant's events are
   * @param tenant whose usage
   * @param range which days, in the range's zone
   * @return the report
   */
  static SmsUsageReport compute(UsageStore store, TenantId tenant, UsageRange range) {
    List<AggregateRow> aggregates = ReportSupport.aggregate(store, tenant, range,
        ReportSupport.metrics(Metrics.SMS_INBOUND, Metrics.SMS_OUTBOUND, Metrics.SMS_CHARACTERS),
        GroupKey.DAY, GroupKey.PHONE_NUMBER, GroupKey.METRIC);
    long characters = 0;
    // Counts in the order of Row's components: inbound, outbound, their segments.
    PhoneDayTotals totals = new PhoneDayTotals();
    for (AggregateRow a : aggregates) {
      String metric = a.metric();
      if (metric.equals(Metrics.SMS_CHARACTERS.key())) {
        characters = ReportSupport.add(characters, a.sum());
        continue;
      }
      int outbound = metric.equals(Metrics.SMS_INBOUND.key()) ? 0 : 1;
      totals.add(a, outbound, a.netCount());
      totals.add(a, 2 + outbound, a.sum());
    }
    return new SmsUsageReport(range, characters, totals.rows(Row::new));
  }

  /**
   * Returns the report over this range and the days right after it: totals add up and the rows of
   * {@code other} follow this report's.
   *
   * @param other the report of the days that start the day after this range ends, same zone
   * @return the report of both ranges, equal to the one computed over their union
   * @throws IllegalArgumentException if {@code other}'s range does not start the day after this
   *     range ends in the same zone, or the union exceeds {@value UsageRange#MAX_DAYS} days
   */
  public SmsUsageReport merge(SmsUsageReport other) {
    requireNonNull(other, "other");
    UsageRange union = ReportSupport.follow(range, other.range);
    // The ranges share no day, so no row key is in both and the rows stay sorted.
    return new SmsUsageReport(union, ReportSupport.add(totalCharacters, other.totalCharacters),
        ReportSupport.concat(rows, other.rows));
  }

  /** {@return the messages, inbound and outbound} */
  @JsonProperty("totalMessages")
  public long totalMessages() {
    return ReportSupport.add(totalInbound(), totalOutbound());
  }

  /** {@return the inbound messages: {@code sms_inbound} events} */
  @JsonProperty("totalInbound")
  public long totalInbound() {
    return ReportSupport.sum(rows, Row::inbound);
  }

  // Like PhoneUsageReport on purpose: public rows keyed alike, with their own counts and JSON names.
  /** {@return the outbound messages: {@code sms_outbound} events} */
  @JsonProperty("totalOutbound")
  public long totalOutbound() {
    return ReportSupport.sum(rows, Row::outbound);
  }

  /** {@return the segments, inbound and outbound} */
  @JsonProperty("totalSegments")
  public long totalSegments() {
    return ReportSupport.add(totalInboundSegments(), totalOutboundSegments());
  }

  /** {@return the inbound segments: the {@code sms_inbound} metric} */
  @JsonProperty("totalInboundSegments")
  public long totalInboundSegments() {
    return ReportSupport.sum(rows, Row::inboundSegments);
  }

  /** {@return the outbound segments: the {@code sms_outbound} metric} */
  @JsonProperty("totalOutboundSegments")
  public long totalOutboundSegments() {
    return ReportSupport.sum(rows, Row::outboundSegments);
  }

  /**
   * The SMS of one day and phone number.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param phoneNumber the phone number in E.164 form, or empty for messages without one
   * @param inbound inbound messages
   * @param outbound outbound messages
   * @param inboundSegments inbound segments
   * @param outboundSegments outbound segments
   */
  @JsonPropertyOrder({"date", "phoneNumber", "inbound", "outbound", "inboundSegments", "outboundSegments"})
  public record Row(
      @JsonIgnore LocalDate date,
      @JsonProperty("phoneNumber") String phoneNumber,
      @JsonProperty("inbound") long inbound,
      @JsonProperty("outbound") long outbound,
      @JsonProperty("inboundSegments") long inboundSegments,
      @JsonProperty("outboundSegments") long outboundSegments) implements DatedRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param phoneNumber the phone number in E.164 form, or empty for messages without one
     * @param inbound inbound messages
     * @param outbound outbound messages
     * @param inboundSegments inbound segments
     * @param outboundSegments outbound segments
     */
    public Row {
      requireNonNull(date, "date");
      requireNonNull(phoneNumber, "phoneNumber");
    }
  }
}
