package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One team member's usage over a range of days: the conversations they had, the messages
 * exchanged and the credits their work cost, in total and day by day.
 *
 * <p>Only events {@linkplain DimensionKey#MEMBER attributed} to the member count. Work of AI
 * agents alone and system work carry no member: it is in the workspace's totals but in no
 * member's report, so the member reports of a workspace add up to at most its totals. The fields:
 *
 * <ul>
 *   <li>{@code totalChats}: conversations, the sum of {@code calls} (one per finished call or
 *       chat session, on any channel; a reversal takes one back);
 *   <li>{@code totalMessages}: the sum of {@code human_messages} (one per message a person sent)
 *       and {@code ai_messages} (one per model completion) plus the
 *       number of {@code sms_outbound} and {@code sms_inbound} events that stand (one per SMS,
 *       whatever its segments; a reversed SMS counts zero, see {@link AggregateRow#netCount()});
 *   <li>{@code totalCredits}: the credits of all the member's events, of every metric.
 * </ul>
 *
 * <p>The report's default range is the current UTC month up to today ({@link
 * #defaultRange(Clock)}). As JSON, with a plain {@code ObjectMapper}:
 *
 * <pre>{@code
 * {"memberId":"m-7","start_date":"2026-04-01","end_date":"2026-04-15","zone":"Z",
 *  "totalChats":12,"totalMessages":40,"totalCredits":31.500000,
 *  "daily":[{"date":"2026-04-01","chats":1,"messages":3,"credits":2.000000}, ...]}
 * }</pre>
 *
 * <p>Credits are exact decimals with six places; days are {@code YYYY-MM-DD} in the range's zone.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose workspace; not in the JSON
 * @param memberId the member, as events carry it in their {@code member} dimension
 * @param range the days covered, inclusive
 * @param totalChats conversations, see above
 * @param totalMessages messages, see above
 * @param totalCredits credits of the member's events
 * @param daily one entry per day of the range, in order, zeros included; adds up to the totals
 */
@JsonPropertyOrder({"memberId", "range", "totalChats", "totalMessages", "totalCredits",
    "daily"})
public record MemberUsageReport(
    @JsonIgnore TenantId tenant,
    @JsonProperty("memberId") String memberId,
    @JsonIgnore UsageRange range,
    @JsonProperty("totalChats") long totalChats,
    @JsonProperty("totalMessages") long totalMessages,
    @JsonProperty("totalCredits") Credits totalCredits,
    @JsonProperty("daily") List<Day> daily) {

  private static final String NAME = "member usage report";

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the member id is empty, the days are not those of the
   *     range, or the totals are not the sums of the days
   * @param tenant whose workspace; not in the JSON
   * @param memberId the member, as events carry it in their {@code member} dimension
   * @param range the days covered, inclusive
   * @param totalChats conversations, see above
   * @param totalMessages messages, see above
   * @param totalCredits credits of the member's events
   * @param daily one entry per day of the range, in order, zeros included; adds up to the totals
   */
  public MemberUsageReport {
    requireNonNull(tenant, "tenant");
    requireNonNull(memberId, "memberId");
    requireNonNull(range, "range");
    requireNonNull(totalCredits, "totalCredits");
    if (memberId.isEmpty()) {
      throw new IllegalArgumentException("member id must not be empty");
    }
    daily = List.copyOf(daily);
    ReportSupport.checkDays("daily usage of member " + memberId, range, daily.stream().map(Day::date).toList());
    long chats = 0;
    long messages = 0;
    Credits credits = Credits.zero();
    for (Day d : daily) {
      chats = UsageOverflowException.addExact(chats, d.chats(), "chats");
      messages = UsageOverflowException.addExact(messages, d.messages(), "messages");
      credits = credits.plus(d.credits());
    }
    if (chats != totalChats || messages != totalMessages || !credits.equals(totalCredits)) {
      throw new IllegalArgumentException("totals " + totalChats + " chats, " + totalMessages + " messages, "
          + totalCredits + " credits of member " + memberId + " are not the sums of its days: " + chats + ", "
          + messages + ", " + credits);
    }
  }

  /**
   * Returns the range the product shows by default: the UTC days from the first of the current
   * month to today.
   *
   * @param clock gives today; its zone is ignored
   * @return {@link UsageRange#monthToDate(Clock)}
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.monthToDate(clock);
  }

  /**
   * Computes a member's report with one aggregate query, grouped by day and metric.
   *
   * @param store the tenant's usage
   * @param tenant whose workspace
   * @param memberId the member, 1 to {@value Dimensions#MAX_VALUE_LENGTH} characters
   * @param range the days to cover
   * @return the report
   * @throws IllegalArgumentException if the member id is empty or too long
   */
  static MemberUsageReport compute(UsageStore store, TenantId tenant, String memberId, UsageRange range) {
    requireNonNull(store, "store");
    requireNonNull(tenant, "tenant");
    requireNonNull(memberId, "memberId");
    requireNonNull(range, "range");
    if (memberId.isEmpty() || memberId.length() > Dimensions.MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("member id must be 1 to " + Dimensions.MAX_VALUE_LENGTH
          + " characters but had " + memberId.length());
    }
    int n = range.dayCount();
    MemberTally[] tallies = new MemberTally[n];
    for (int i = 0; i < n; i++) {
      tallies[i] = new MemberTally();
    }
    AggregateQuery query = AggregateQuery.builder(tenant, range)
        .where(DimensionKey.MEMBER, memberId)
        .groupBy(GroupKey.DAY, GroupKey.METRIC)
        .build();
    for (AggregateRow row : store.aggregate(query)) {
      tallies[ReportSupport.dayIndex(range, row.day())].add(row);
    }
    List<Day> days = new ArrayList<>(n);
    long totalChats = 0;
    long totalMessages = 0;
    long totalCredits = 0;
    for (int i = 0; i < n; i++) {
      MemberTally t = tallies[i];
      days.add(new Day(range.start().plusDays(i), t.chats(), t.messages(), Credits.ofMicros(t.creditMicros())));
      totalChats = UsageOverflowException.addExact(totalChats, t.chats(), "chats");
      totalMessages = UsageOverflowException.addExact(totalMessages, t.messages(), "messages");
      totalCredits = UsageOverflowException.addExact(totalCredits, t.creditMicros(), "credits");
    }
    return new MemberUsageReport(tenant, memberId, range, totalChats, totalMessages,
        Credits.ofMicros(totalCredits), days);
  }

  /**
   * Returns the report over this report's days and the days of {@code other}, which must start
   * the day after this one ends: totals add and the daily series are joined.
   *
   * @param other the same member's report over the days right after this one's, same zone
   * @return the report over the union, equal to the one {@link #compute} gives for it
   * @throws IllegalArgumentException naming both ranges if {@code other} does not follow this
   *     report, or if it is of another tenant or member
   * @throws dev.usage.time.InvalidRangeException if the union has more than 366 days
   */
  public MemberUsageReport merge(MemberUsageReport other) {
    requireNonNull(other, "other");
    ReportSupport.checkSameTenant(NAME, tenant, other.tenant);
    if (!memberId.equals(other.memberId)) {
      throw new IllegalArgumentException(NAME + " of member " + memberId + " cannot merge the report of member "
          + other.memberId);
    }
    UsageRange union = ReportSupport.follow(range, other.range);
    List<Day> days = new ArrayList<>(daily);
    days.addAll(other.daily);
    return new MemberUsageReport(tenant, memberId, union,
        UsageOverflowException.addExact(totalChats, other.totalChats, "chats"),
        UsageOverflowException.addExact(totalMessages, other.totalMessages, "messages"),
        totalCredits.plus(other.totalCredits), days);
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  /**
   * A member's usage on one day.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param chats conversations that day
   * @param messages messages that day
   * @param credits credits that day
   */
  @JsonPropertyOrder({"date", "chats", "messages", "credits"})
  public record Day(
      @JsonIgnore LocalDate date,
      @JsonProperty("chats") long chats,
      @JsonProperty("messages") long messages,
      @JsonProperty("credits") Credits credits) implements DatedRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param chats conversations that day
     * @param messages messages that day
     * @param credits credits that day
     */
    public Day {
      requireNonNull(date, "date");
      requireNonNull(credits, "credits");
    }
  }
}
