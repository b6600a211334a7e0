package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The usage summary of a tenant over a range of days: finished calls by channel and direction,
 * their minutes, workflow runs, one point per day, and what the tenant holds now.
 *
 * <p>Fields and the metrics that feed them:
 *
 * <ul>
 *   <li>{@code total_calls}: the {@code calls} metric (finished calls; {@code missed_calls} and
 *       {@code calls_in_progress} never count). {@code voice_calls} are those on channel {@code
 *       voice} or {@code phone}, {@code chat_calls} those on any other channel or none, so the two
 *       add up to the total. {@code inbound_calls} and {@code outbound_calls} split them by the
 *       direction dimension; a call without a direction is in neither.
 *   <li>{@code voice_minutes} and {@code chat_minutes}: the seconds of the {@code voice_minutes}
 *       and {@code chat_minutes} metrics, as minutes rounded half up to six places (a microminute).
 *       The daily points add up to the total exactly: each day's minutes are those through that day
 *       less those through the day before, so a client that sums the days gets the total, and each
 *       day is within a microminute of its exact value. Round for display only.
 *   <li>{@code avg_call_duration_sec}: voice plus chat seconds over {@code total_calls}, rounded
 *       half up to two places; 0 without calls.
 *   <li>{@code workflow_runs_success} and {@code workflow_runs_failed}: the metrics of those
 *       names; {@code workflow_runs_total} is their sum.
 *   <li>{@code total_agents}, {@code total_phone_numbers}, {@code shared_phone_numbers}, {@code
 *       total_web_widgets}, {@code total_datasets} and {@code active_datasets}: the {@link
 *       Inventory}, current state rather than usage over the range, flattened into the summary.
 *   <li>{@code daily}: one point for every day of the range, in order, days without usage
 *       included with zeros: {@code day} ({@code YYYY-MM-DD} in the range's zone), {@code calls},
 *       {@code voice_minutes}, {@code chat_minutes} and {@code workflow_runs}.
 * </ul>
 *
 * <p>Counts are sums of the metrics' quantities, so a reversal of a call takes it back out. The
 * range itself is not written to JSON; the caller chose it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days the summary covers
 * @param inventory what the tenant holds now
 * @param daily one point per day of {@code range}, in order
 */
@JsonPropertyOrder({
  "total_calls", "voice_calls", "chat_calls", "inbound_calls", "outbound_calls", "voice_minutes",
  "chat_minutes", "avg_call_duration_sec", "workflow_runs_total", "workflow_runs_success",
  "workflow_runs_failed", "inventory", "daily"
})
public record UsageSummaryReport(
    @JsonIgnore UsageRange range,
    @JsonUnwrapped Inventory inventory,
    @JsonIgnore List<Day> daily) {

  /** Decimal places of {@code avg_call_duration_sec}. */
  private static final int AVERAGE_SCALE = 2;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code daily} does not hold exactly the days of the range,
   *     in order
   * @param range the days the summary covers
   * @param inventory what the tenant holds now
   * @param daily one point per day of {@code range}, in order
   */
  public UsageSummaryReport {
    requireNonNull(range, "range");
    requireNonNull(inventory, "inventory");
    daily = List.copyOf(daily);
    if (daily.size() != range.dayCount()) {
      throw new IllegalArgumentException("daily series has " + daily.size() + " points but range " + range + " has "
          + range.dayCount() + " days");
    }
    for (int i = 0; i < daily.size(); i++) {
      LocalDate expected = range.start().plusDays(i);
      if (!daily.get(i).day().equals(expected)) {
        throw new IllegalArgumentException("daily point " + i + " of range " + range + " is for " + daily.get(i).day()
            + ", not " + expected);
      }
    }
  }

  /**
   * Returns the range a summary covers unless the caller asks for another: the UTC month to date,
   * from the first of the month to today.
   *
   * @param clock gives today
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.monthToDate(clock);
  }

  /** Returns the summary of no usage and no inventory over a range: what {@link #plus} adds to. */
  static UsageSummaryReport empty(UsageRange range) {
    List<Day> days = new ArrayList<>(range.dayCount());
    for (int i = 0; i < range.dayCount(); i++) {
      days.add(new Day(range.start().plusDays(i), 0, 0, 0, 0, 0, 0, 0, 0));
    }
    return new UsageSummaryReport(range, Inventory.none(), days);
  }

  /**
   * Computes the summary of a tenant's usage on the days of a range, with one aggregate query.
   *
   * @param store where the tenant's events are
   * @param tenant whose usage
   * @param range which days, in the range's zone
   * @param inventory what the tenant holds now
   * @return the summary
   */
  static UsageSummaryReport compute(UsageStore store, TenantId tenant, UsageRange range, Inventory inventory) {
    requireNonNull(inventory, "inventory");
    List<AggregateRow> rows = ReportSupport.aggregate(store, tenant, range,
        ReportSupport.metrics(Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.CHAT_MINUTES,
            Metrics.WORKFLOW_RUNS_SUCCESS, Metrics.WORKFLOW_RUNS_FAILED),
        GroupKey.DAY, GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION);
    long[][] days = new long[range.dayCount()][Field.values().length];
    for (AggregateRow row : rows) {
      long index = row.day().toEpochDay() - range.start().toEpochDay();
      if (index < 0 || index >= days.length) {
        throw new IllegalStateException("store returned day " + row.day() + " outside range " + range);
      }
      long[] day = days[(int) index];
      String metric = row.metric();
      if (metric.equals(Metrics.CALLS.key())) {
        boolean voice = row.get(GroupKey.CHANNEL).map(c -> Channel.of(c).isVoice()).orElse(false);
        add(day, voice ? Field.VOICE_CALLS : Field.CHAT_CALLS, row.sum());
        String direction = ReportSupport.value(row, GroupKey.DIRECTION);
        if (direction.equals(Direction.INBOUND.key())) {
          add(day, Field.INBOUND_CALLS, row.sum());
        } else if (direction.equals(Direction.OUTBOUND.key())) {
          add(day, Field.OUTBOUND_CALLS, row.sum());
        }
      } else if (metric.equals(Metrics.VOICE_MINUTES.key())) {
        add(day, Field.VOICE_SECONDS, row.sum());
      } else if (metric.equals(Metrics.CHAT_MINUTES.key())) {
        add(day, Field.CHAT_SECONDS, row.sum());
      } else if (metric.equals(Metrics.WORKFLOW_RUNS_SUCCESS.key())) {
        add(day, Field.WORKFLOWS_SUCCEEDED, row.sum());
      } else if (metric.equals(Metrics.WORKFLOW_RUNS_FAILED.key())) {
        add(day, Field.WORKFLOWS_FAILED, row.sum());
      }
    }
    List<Day> daily = new ArrayList<>(days.length);
    for (int i = 0; i < days.length; i++) {
      long[] d = days[i];
      daily.add(new Day(range.start().plusDays(i), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]));
    }
    return new UsageSummaryReport(range, inventory, daily);
  }

  /** The per-day quantities of {@link #compute}, in {@link Day}'s component order. */
  private enum Field {
    VOICE_CALLS, CHAT_CALLS, INBOUND_CALLS, OUTBOUND_CALLS, VOICE_SECONDS, CHAT_SECONDS,
    WORKFLOWS_SUCCEEDED, WORKFLOWS_FAILED
  }

  private static void add(long[] day, Field field, long quantity) {
    day[field.ordinal()] = ReportSupport.add(day[field.ordinal()], quantity);
  }

  /**
   * Returns the summary over this range and the days right after it: usage adds up, the daily
   * series continues, and the inventory is {@code other}'s, the more recent.
   *
   * @param other the summary of the days that start the day after this range ends, same zone
   * @return the summary of both ranges, equal to the one computed over their union
   * @throws IllegalArgumentException if {@code other}'s range does not start the day after this
   *     range ends in the same zone, or the union exceeds {@value UsageRange#MAX_DAYS} days
   */
  public UsageSummaryReport merge(UsageSummaryReport other) {
    requireNonNull(other, "other");
    UsageRange union = ReportSupport.follow(range, other.range);
    return new UsageSummaryReport(union, other.inventory, ReportSupport.concat(daily, other.daily));
  }

  /**
   * Returns the summary of this tenant and another over the same days: usage and inventories add
   * up day by day, as an organization's summary adds up its workspaces'.
   *
   * @param other another tenant's summary over the same range
   * @return the summary of both
   * @throws IllegalArgumentException if the ranges differ
   */
  public UsageSummaryReport plus(UsageSummaryReport other) {
    requireNonNull(other, "other");
    if (!range.equals(other.range)) {
      throw new IllegalArgumentException("summaries over " + range + " and " + other.range
          + " cannot be added: the ranges differ");
    }
    List<Day> days = new ArrayList<>(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      Day a = daily.get(i);
      Day b = other.daily.get(i);
      days.add(new Day(a.day(), ReportSupport.add(a.voiceCalls(), b.voiceCalls()),
          ReportSupport.add(a.chatCalls(), b.chatCalls()), ReportSupport.add(a.inboundCalls(), b.inboundCalls()),
          ReportSupport.add(a.outboundCalls(), b.outboundCalls()), ReportSupport.add(a.voiceSeconds(), b.voiceSeconds()),
          ReportSupport.add(a.chatSeconds(), b.chatSeconds()),
          ReportSupport.add(a.workflowRunsSuccess(), b.workflowRunsSuccess()),
          ReportSupport.add(a.workflowRunsFailed(), b.workflowRunsFailed())));
    }
    return new UsageSummaryReport(range, inventory.plus(other.inventory), days);
  }

  /** {@return the finished calls on every channel} */
  @JsonProperty("total_calls")
  public long totalCalls() {
    return ReportSupport.add(voiceCalls(), chatCalls());
  }

  /** {@return the finished calls on channels {@code voice} and {@code phone}} */
  @JsonProperty("voice_calls")
  public long voiceCalls() {
    return sum(Day::voiceCalls);
  }

  /** {@return the finished calls on any other channel, or none} */
  @JsonProperty("chat_calls")
  public long chatCalls() {
    return sum(Day::chatCalls);
  }

  /** {@return the finished inbound calls} */
  @JsonProperty("inbound_calls")
  public long inboundCalls() {
    return sum(Day::inboundCalls);
  }

  /** {@return the finished outbound calls} */
  @JsonProperty("outbound_calls")
  public long outboundCalls() {
    return sum(Day::outboundCalls);
  }

  /** {@return the exact seconds of the {@code voice_minutes} metric} */
  public long voiceSeconds() {
    return sum(Day::voiceSeconds);
  }

  /** {@return the exact seconds of the {@code chat_minutes} metric} */
  public long chatSeconds() {
    return sum(Day::chatSeconds);
  }

  /** {@return {@link #voiceSeconds()} in minutes, rounded half up to six places} */
  @JsonProperty("voice_minutes")
  public BigDecimal voiceMinutes() {
    return ReportSupport.minutes(voiceSeconds());
  }

  /** {@return {@link #chatSeconds()} in minutes, rounded half up to six places} */
  @JsonProperty("chat_minutes")
  public BigDecimal chatMinutes() {
    return ReportSupport.minutes(chatSeconds());
  }

  /** {@return voice plus chat seconds per finished call, rounded half up to two places; 0 without calls} */
  @JsonProperty("avg_call_duration_sec")
  public BigDecimal avgCallDurationSeconds() {
    long calls = totalCalls();
    if (calls <= 0) {
      return BigDecimal.ZERO.setScale(AVERAGE_SCALE);
    }
    return BigDecimal.valueOf(ReportSupport.add(voiceSeconds(), chatSeconds()))
        .divide(BigDecimal.valueOf(calls), AVERAGE_SCALE, RoundingMode.HALF_UP);
  }

  /**
   * {@return the daily series as JSON shows it: per day its calls, minutes and workflow runs, the
   * minutes adding up to the report's totals exactly (see the class description)}
   */
  @JsonProperty("daily")
  public List<DailyPoint> dailyPoints() {
    long[] voice = daily.stream().mapToLong(Day::voiceSeconds).toArray();
    long[] chat = daily.stream().mapToLong(Day::chatSeconds).toArray();
    List<BigDecimal> voiceMinutes = ReportSupport.minutesAddingUp(voice);
    List<BigDecimal> chatMinutes = ReportSupport.minutesAddingUp(chat);
    List<DailyPoint> points = new ArrayList<>(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      Day d = daily.get(i);
      points.add(new DailyPoint(d.day(), d.calls(), voiceMinutes.get(i), chatMinutes.get(i), d.workflowRuns()));
    }
    return points;
  }

  /** {@return the workflow runs, succeeded and failed} */
  @JsonProperty("workflow_runs_total")
  public long workflowRunsTotal() {
    return ReportSupport.add(workflowRunsSuccess(), workflowRunsFailed());
  }

  /** {@return the workflow runs that succeeded} */
  @JsonProperty("workflow_runs_success")
  public long workflowRunsSuccess() {
    return sum(Day::workflowRunsSuccess);
  }

  /** {@return the workflow runs that failed} */
  @JsonProperty("workflow_runs_failed")
  public long workflowRunsFailed() {
    return sum(Day::workflowRunsFailed);
  }

  private long sum(ToLongFunction<Day> field) {
    return ReportSupport.sum(daily, field);
  }

  /**
   * One day of a {@link UsageSummaryReport}: the exact counts and seconds it merges and derives
   * its totals and {@link DailyPoint}s from.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param day the day, in the report's zone
   * @param voiceCalls finished calls on channels {@code voice} and {@code phone}
   * @param chatCalls finished calls on other channels
   * @param inboundCalls finished inbound calls
   * @param outboundCalls finished outbound calls
   * @param voiceSeconds seconds of the {@code voice_minutes} metric
   * @param chatSeconds seconds of the {@code chat_minutes} metric
   * @param workflowRunsSuccess successful workflow runs
   * @param workflowRunsFailed failed workflow runs
   */
  public record Day(
      LocalDate day,
      long voiceCalls,
      long chatCalls,
      long inboundCalls,
      long outboundCalls,
      long voiceSeconds,
      long chatSeconds,
      long workflowRunsSuccess,
      long workflowRunsFailed) {

    /**
     * Validates.
     *
     * @param day the day, in the report's zone
     * @param voiceCalls finished calls on channels {@code voice} and {@code phone}
     * @param chatCalls finished calls on other channels
     * @param inboundCalls finished inbound calls
     * @param outboundCalls finished outbound calls
     * @param voiceSeconds seconds of the {@code voice_minutes} metric
     * @param chatSeconds seconds of the {@code chat_minutes} metric
     * @param workflowRunsSuccess successful workflow runs
     * @param workflowRunsFailed failed workflow runs
     */
    public Day {
      requireNonNull(day, "day");
    }

    /** {@return the finished calls of the day, on every channel} */
    public long calls() {
      return ReportSupport.add(voiceCalls, chatCalls);
    }

    /** {@return the day's workflow runs, succeeded and failed} */
    public long workflowRuns() {
      return ReportSupport.add(workflowRunsSuccess, workflowRunsFailed);
    }
  }

  /**
   * One point of the summary's daily series, as JSON shows it.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param day the day, in the report's zone
   * @param calls finished calls on every channel
   * @param voiceMinutes the day's share of {@code voice_minutes}, six places; the days add up to it
   * @param chatMinutes the day's share of {@code chat_minutes}, six places; the days add up to it
   * @param workflowRuns workflow runs, succeeded and failed
   */
  @JsonPropertyOrder({"day", "calls", "voice_minutes", "chat_minutes", "workflow_runs"})
  public record DailyPoint(
      @JsonIgnore LocalDate day,
      @JsonProperty("calls") long calls,
      @JsonProperty("voice_minutes") BigDecimal voiceMinutes,
      @JsonProperty("chat_minutes") BigDecimal chatMinutes,
      @JsonProperty("workflow_runs") long workflowRuns) {

    /**
     * Validates.
     *
     * @param day the day, in the report's zone
     * @param calls finished calls on every channel
     * @param voiceMinutes the day's share of {@code voice_minutes}, six places; the days add up to it
     * @param chatMinutes the day's share of {@code chat_minutes}, six places; the days add up to it
     * @param workflowRuns workflow runs, succeeded and failed
     */
    public DailyPoint {
      requireNonNull(day, "day");
      requireNonNull(voiceMinutes, "voiceMinutes");
      requireNonNull(chatMinutes, "chatMinutes");
    }

    @JsonProperty("day")
    private String dayText() {
      return day.toString();
    }
  }
}
