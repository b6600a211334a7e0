package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.UsageOverflowException;
import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.AllotmentUsage;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.HealthBand;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The credit usage page of a tenant over a range of days: plan health, the daily credit burn,
 * the top assistants, conversations by channel, recent activity, call logs and summary figures.
 *
 * <p>Which data feeds which part:
 *
 * <ul>
 *   <li>{@code total_calls}: the sum of {@code calls} (finished calls and chat sessions, any
 *       channel). {@code credits_used}: the credits of every event in the range, all metrics, as
 *       priced when recorded (not the wallet's debits); it is the sum of {@code daily_credits}.
 *       {@code available_credits}: the wallet's {@linkplain Ledger#balance balance} when
 *       computed, {@code null} without a wallet; {@code balance_outlook}: its band and when it
 *       runs out ({@link BalanceOutlook}), {@code null} without a wallet.
 *   <li>{@code plan_health}: one tile per allotment of the wallet's plan, from {@link
 *       Ledger#allotments}: allotted against used, with the wallet's {@link HealthBand}
 *       (warning from 75 %, critical from 90 % by default). Empty without a wallet or plan.
 *   <li>{@code daily_credits}: credits per day, every day of the range, zeros included.
 *   <li>{@code top_assistants}: the five assistants with the most volume, {@code calls} plus
 *       {@code ai_messages} carrying their {@linkplain DimensionKey#ASSISTANT assistant}; ties go
 *       to the smaller assistant id; only positive volumes. Full totals per assistant are kept in
 *       {@link #assistants()} so that merged reports rank exactly.
 *   <li>{@code channel_shares}: {@code calls} per channel, largest first (ties by channel name),
 *       with each channel's percentage of the conversations that have a channel, rounded
 *       half up to one decimal place. Rounded shares may add up to 99.9 or 100.1, not exactly 100;
 *       the counts are exact. Channels whose count is not positive are left out.
 *   <li>{@code campaign_burn}: the credits of each campaign's events, most first; events without
 *       a campaign are in none.
 *   <li>{@code recent_activity}: the newest conversations, one row per {@code calls} or {@code
 *       missed_calls} event (a call or chat, finished or missed), at most {@link
 *       #recentActivityLimit()} (10 by default): its assistant, channel, contact, start, its
 *       seconds of {@code voice_minutes} or {@code chat_minutes} and the credits of every event
 *       carrying its call id, read with the call logs' one filtered scan.
 *   <li>{@code call_logs}: one page (10 entries by default) of the range's {@code calls} and
 *       {@code missed_calls} events and the wallet's grants (plan grants, top-ups, promotions,
 *       adjustments) that took effect in the range, interleaved newest first (a call before a
 *       grant at the same instant). A call's credits used are the credits of all events in the
 *       range carrying its {@linkplain DimensionKey#CALL_ID call id}, found by one scan for the
 *       whole page, filtered on its call ids (an event without a call id, or a reversal, shows its
 *       own credits); a grant's credits added are its amount.
 * </ul>
 *
 * <p>A {@link Focus} narrows every part that reads usage to one assistant or campaign; the
 * wallet's parts ({@code available_credits}, {@code balance_outlook}, {@code plan_health}) stay
 * whole. JSON shows it as {@code filter}.
 *
 * <p>The default range is the last 30 UTC days ({@link #defaultRange(Clock)}); {@link
 * BillablePeriod} has the other presets, the tenant's billing period among them.
 *
 * <p>As JSON, with a plain {@code ObjectMapper}: {@code start_date}, {@code end_date}, {@code
 * zone}, {@code total_calls}, {@code available_credits}, {@code credits_used}, {@code
 * plan_health} [{@code credit_type, allotment_unit, allotted, metered_unit, allotted_metered,
 * used_metered, used_percent, band}], {@code daily_credits} [{@code date, credits}], {@code
 * top_assistants} [{@code assistant, calls, ai_messages, volume}], {@code channel_shares} [{@code
 * channel, conversations, percent}], {@code campaign_burn} [{@code campaign, credits}], {@code
 * recent_activity} [{@code event_id, call_id, when, type, assistant, channel, contact, duration_sec,
 * credits}] and {@code call_logs} {@code {page, page_size,
 * total_entries, total_pages, entries: [{date_time, call_id, credits_used, credits_added,
 * remarks}]}}. Credits are decimals with six places, times ISO-8601 instants, days {@code
 * YYYY-MM-DD}, bands and types lowercase; absent values are {@code null}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose page; not in the JSON
 * @param range the days covered, inclusive
 * @param focus what the usage parts are narrowed to
 * @param totalCalls the sum of {@code calls}
 * @param outlook the wallet's balance, band and forecast when computed, if the tenant has a wallet
 * @param creditsUsed the credits of the range's events, the sum of {@code dailyCredits}
 * @param planHealth one tile per allotment, in {@link CreditType} order
 * @param dailyCredits every day of the range, in order
 * @param assistants every assistant's volume, by assistant id; not in the JSON, which has {@link
 *     #topAssistants()}
 * @param conversationsByChannel the sum of {@code calls} per channel; not in the JSON, which has
 *     {@link #channelShares()}
 * @param creditsByCampaign the credits per campaign; not in the JSON, which has {@link
 *     #campaignBurn()}
 * @param recentActivity the newest conversations, newest first
 * @param recentActivityLimit the most activity rows, 0 to 1,000; not in the JSON
 * @param callLogs the requested page of call logs
 */
@JsonPropertyOrder({"range", "filter", "total_calls", "available_credits", "balance_outlook", "credits_used",
    "plan_health", "daily_credits", "top_assistants", "channel_shares", "campaign_burn", "recent_activity",
    "call_logs"})
public record CreditUsageReport(
    @JsonIgnore TenantId tenant,
    @JsonIgnore UsageRange range,
    @JsonProperty("filter") Focus focus,
    @JsonProperty("total_calls") long totalCalls,
    @JsonIgnore Optional<BalanceOutlook> outlook,
    @JsonProperty("credits_used") Credits creditsUsed,
    @JsonProperty("plan_health") List<HealthTile> planHealth,
    @JsonProperty("daily_credits") List<Day> dailyCredits,
    @JsonIgnore List<AssistantVolume> assistants,
    @JsonIgnore Map<String, Long> conversationsByChannel,
    @JsonIgnore Map<String, Credits> creditsByCampaign,
    @JsonProperty("recent_activity") List<Activity> recentActivity,
    @JsonIgnore int recentActivityLimit,
    @JsonProperty("call_logs") CallLogPage callLogs) {

  /** The assistants {@link #topAssistants()} ranks. */
  public static final int TOP_ASSISTANTS = 5;

  /** The activity rows listed unless asked otherwise. */
  public static final int DEFAULT_RECENT_ACTIVITY_LIMIT = 10;

  /** The call log entries per page unless asked otherwise. */
  public static final int DEFAULT_CALL_LOG_PAGE_SIZE = 10;

  /** The largest call log page: the call ids of a page make one filter a store must answer. */
  public static final int MAX_CALL_LOG_PAGE_SIZE = 100;

  private static final String NAME = "credit usage report";

  /** The metrics that start a conversation: one event per call or chat, finished or missed. */
  static final Metric[] CONVERSATIONS = {Metrics.CALLS, Metrics.MISSED_CALLS};

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the days are not those of the range, the credits used are
   *     not their sum, an assistant repeats or is out of order, or more activity rows are listed
   *     than the limit
   * @param tenant whose page; not in the JSON
   * @param range the days covered, inclusive
   * @param focus what the usage parts are narrowed to
   * @param totalCalls the sum of {@code calls}
   * @param outlook the wallet's balance, band and forecast when computed, if the tenant has a wallet
   * @param creditsUsed the credits of the range's events, the sum of {@code dailyCredits}
   * @param planHealth one tile per allotment, in {@link CreditType} order
   * @param dailyCredits every day of the range, in order
   * @param assistants every assistant's volume, by assistant id; not in the JSON, which has {@link
   *     #topAssistants()}
   * @param conversationsByChannel the sum of {@code calls} per channel; not in the JSON, which has
   *     {@link #channelShares()}
   * @param creditsByCampaign the credits per campaign; not in the JSON, which has {@link
   *     #campaignBurn()}
   * @param recentActivity the newest conversations, newest first
   * @param recentActivityLimit the most activity rows, 0 to 1,000; not in the JSON
   * @param callLogs the requested page of call logs
   */
  public CreditUsageReport {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(focus, "focus");
    requireNonNull(outlook, "outlook");
    requireNonNull(creditsUsed, "creditsUsed");
    requireNonNull(callLogs, "callLogs");
    planHealth = List.copyOf(planHealth);
    dailyCredits = List.copyOf(dailyCredits);
    assistants = List.copyOf(assistants);
    conversationsByChannel = Collections.unmodifiableSortedMap(new TreeMap<>(conversationsByChannel));
    creditsByCampaign = Collections.unmodifiableSortedMap(new TreeMap<>(creditsByCampaign));
    recentActivity = List.copyOf(recentActivity);
    ReportSupport.checkLimit("recent activity limit", recentActivityLimit);
    ReportSupport.checkDays("daily credits", range, dailyCredits.stream().map(Day::date).toList());
    Credits sum = Credits.sum(dailyCredits.stream().map(Day::credits).toList());
    if (!sum.equals(creditsUsed)) {
      throw new IllegalArgumentException("credits used " + creditsUsed + " are not the sum " + sum
          + " of the daily credits");
    }
    for (int i = 1; i < assistants.size(); i++) {
      if (assistants.get(i - 1).assistant().compareTo(assistants.get(i).assistant()) >= 0) {
        throw new IllegalArgumentException("assistants must be listed once each, in order of their ids, but "
            + assistants.get(i - 1).assistant() + " came before " + assistants.get(i).assistant());
      }
    }
    if (recentActivity.size() > recentActivityLimit) {
      throw new IllegalArgumentException(recentActivity.size() + " activity rows are more than the limit "
          + recentActivityLimit);
    }
  }

  /**
   * Returns the range the credit usage page shows by default: the last 30 UTC days, today
   * included ({@link BillablePeriod#LAST_30_DAYS}).
   *
   * @param clock gives today; its zone is ignored
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return BillablePeriod.LAST_30_DAYS.range(clock);
  }

  /**
   * Computes the page with the first page of {@value #DEFAULT_CALL_LOG_PAGE_SIZE} call logs and
   * {@value #DEFAULT_RECENT_ACTIVITY_LIMIT} activity rows.
   *
   * @see #compute(UsageStore, Ledger, TenantId, UsageRange, Focus, int, int, int)
   */
  static CreditUsageReport compute(UsageStore store, Ledger ledger, TenantId tenant, UsageRange range) {
    return compute(store, ledger, tenant, range, Focus.all(), 1, DEFAULT_CALL_LOG_PAGE_SIZE,
        DEFAULT_RECENT_ACTIVITY_LIMIT);
  }

  /**
   * Computes the page: aggregate queries for every total, paged scans for activity and call logs,
   * and the wallet for balance, health and grants.
   *
   * <p>Page {@code n} of the call logs reads the newest {@code n × pageSize} calls, so deep pages
   * cost more than early ones.
   *
   * @param store the tenant's usage
   * @param ledger gives the balance, allotments and grants of the wallet the tenant draws from
   * @param tenant whose page
   * @param range the days to cover
   * @param callLogPage the call log page, from 1
   * @param callLogPageSize entries per call log page, 1 to {@value #MAX_CALL_LOG_PAGE_SIZE}
   * @param recentActivityLimit the most activity rows, 0 to 1,000
   * @return the report
   * @throws IllegalArgumentException if a page parameter or the limit is out of bounds
   */
  static CreditUsageReport compute(UsageStore store, Ledger ledger, TenantId tenant,
      UsageRange range, Focus focus, int callLogPage, int callLogPageSize, int recentActivityLimit) {
    requireNonNull(focus, "focus");
    requireNonNull(store, "store");
    requireNonNull(ledger, "ledger");
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    if (callLogPage < 1) {
      throw new IllegalArgumentException("call log page must be 1 or more but was " + callLogPage);
    }
    if (callLogPageSize < 1 || callLogPageSize > MAX_CALL_LOG_PAGE_SIZE) {
      throw new IllegalArgumentException("call log page size must be 1 to " + MAX_CALL_LOG_PAGE_SIZE + " but was "
          + callLogPageSize);
    }
    ReportSupport.checkLimit("recent activity limit", recentActivityLimit);
    Optional<BalanceOutlook> outlook = BalanceOutlook.of(ledger, tenant);
    EventFilter only = focus.filter();

    long[] daily = new long[range.dayCount()];
    for (AggregateRow row : store.aggregate(AggregateQuery.builder(tenant, range).filter(only)
        .groupBy(GroupKey.DAY).build())) {
      int i = ReportSupport.dayIndex(range, row.day());
      daily[i] = UsageOverflowException.addExact(daily[i], row.credits().micros(), "credits");
    }
    List<Day> days = new ArrayList<>(daily.length);
    long used = 0;
    for (int i = 0; i < daily.length; i++) {
      days.add(new Day(range.start().plusDays(i), Credits.ofMicros(daily[i])));
      used = UsageOverflowException.addExact(used, daily[i], "credits");
    }

    Map<String, long[]> volumes = new TreeMap<>();
    for (AggregateRow row : store.aggregate(AggregateQuery.builder(tenant, range).filter(only)
        .metrics(Metrics.CALLS, Metrics.AI_MESSAGES).groupBy(GroupKey.ASSISTANT, GroupKey.METRIC).build())) {
      Optional<String> assistant = row.get(GroupKey.ASSISTANT);
      if (assistant.isPresent()) {
        long[] v = volumes.computeIfAbsent(assistant.get(), a -> new long[2]);
        int k = row.metric().equals(Metrics.CALLS.key()) ? 0 : 1;
        v[k] = UsageOverflowException.addExact(v[k], row.sum(), "volume");
      }
    }
    List<AssistantVolume> assistants = volumes.entrySet().stream()
        .map(e -> new AssistantVolume(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();

    long totalCalls = 0;
    Map<String, Long> channels = new TreeMap<>();
    for (AggregateRow row : store.aggregate(AggregateQuery.builder(tenant, range).filter(only)
        .metrics(Metrics.CALLS).groupBy(GroupKey.CHANNEL).build())) {
      totalCalls = UsageOverflowException.addExact(totalCalls, row.sum(), "calls");
      row.get(GroupKey.CHANNEL).ifPresent(c -> channels.merge(c, row.sum(), CreditUsageReport::addConversations));
    }

    Map<String, Credits> campaigns = new TreeMap<>();
    for (AggregateRow row : store.aggregate(AggregateQuery.builder(tenant, range).filter(only)
        .groupBy(GroupKey.CAMPAIGN).build())) {
      row.get(GroupKey.CAMPAIGN).ifPresent(c -> campaigns.put(c, row.credits()));
    }

    List<PricedEvent> started = ReportSupport.newest(store, tenant, range, only.withMetrics(CONVERSATIONS),
        recentActivityLimit);
    CallTotals totals = CallTotals.of(store, tenant, range, started);
    List<Activity> activity = started.stream().map(e -> Activity.of(e, totals)).toList();

    CallLogPage logs = CallLogPager.page(store, ledger, tenant, range, focus, callLogPage, callLogPageSize);

    return new CreditUsageReport(tenant, range, focus, totalCalls, outlook,
        Credits.ofMicros(used), ledger.allotments(tenant).stream().map(HealthTile::of).toList(),
        days, assistants, channels, campaigns, activity, recentActivityLimit, logs);
  }

  /**
   * Returns the report over this report's days and the days of {@code other}, which must start
   * the day after this one ends.
   *
   * <p>Totals add, the daily series are joined, assistant and channel totals add (so the top
   * five and the shares are ranked from the full totals), and the activity rows are the newest
   * {@link #recentActivityLimit()} of {@code other}'s followed by this report's. Call logs keep
   * first-page semantics: both reports must hold page 1 of the same size, and the result holds
   * page 1 of the union. The available credits and plan health are current state, so the result
   * takes {@code other}'s, the later ones.
   *
   * @param other the same tenant's report over the days right after this one's, in the same zone,
   *     with the same activity limit, both on call log page 1 of one size
   * @return the report over the union, equal to the one {@link #compute} gives for it on page 1
   * @throws IllegalArgumentException naming both ranges if {@code other} does not follow this
   *     report; if it is of another tenant, has another activity limit, or either report holds a
   *     call log page other than the first or the page sizes differ
   * @throws dev.usage.time.InvalidRangeException if the union has more than 366 days
   */
  public CreditUsageReport merge(CreditUsageReport other) {
    requireNonNull(other, "other");
    ReportSupport.checkSameTenant(NAME, tenant, other.tenant);
    UsageRange union = ReportSupport.follow(range, other.range);
    if (recentActivityLimit != other.recentActivityLimit) {
      throw new IllegalArgumentException(NAME + " over " + range + " lists " + recentActivityLimit
          + " activity rows but the report over " + other.range + " lists " + other.recentActivityLimit);
    }
    if (callLogs.page() != 1 || other.callLogs.page() != 1 || callLogs.pageSize() != other.callLogs.pageSize()) {
      throw new IllegalArgumentException(NAME + " merges first call log pages of one size, but the report over " + range
          + " holds page " + callLogs.page() + " of " + callLogs.pageSize() + " and the report over " + other.range
          + " page " + other.callLogs.page() + " of " + other.callLogs.pageSize());
    }
    List<Day> days = new ArrayList<>(dailyCredits);
    days.addAll(other.dailyCredits);
    Map<String, AssistantVolume> volumes = new TreeMap<>();
    for (AssistantVolume a : assistants) {
      volumes.put(a.assistant(), a);
    }
    for (AssistantVolume a : other.assistants) {
      volumes.merge(a.assistant(), a, AssistantVolume::plus);
    }
    if (!focus.equals(other.focus)) {
      throw new IllegalArgumentException(NAME + " over " + range + " is filtered to " + focus + " but the report over "
          + other.range + " to " + other.focus);
    }
    Map<String, Long> channels = new TreeMap<>(conversationsByChannel);
    other.conversationsByChannel.forEach((c, n) -> channels.merge(c, n, CreditUsageReport::addConversations));
    CallLogPage logs = new CallLogPage(1, callLogs.pageSize(),
        UsageOverflowException.addExact(callLogs.totalEntries(), other.callLogs.totalEntries(), "call log entries"),
        ReportSupport.recap(other.callLogs.entries(), callLogs.entries(), callLogs.pageSize()));
    Map<String, Credits> campaigns = new TreeMap<>(creditsByCampaign);
    other.creditsByCampaign.forEach((c, credits) -> campaigns.merge(c, credits, Credits::plus));
    return new CreditUsageReport(tenant, union, focus,
        UsageOverflowException.addExact(totalCalls, other.totalCalls, "calls"), other.outlook,
        creditsUsed.plus(other.creditsUsed), other.planHealth, days, List.copyOf(volumes.values()), channels,
        campaigns,
        ReportSupport.recap(other.recentActivity, recentActivity, recentActivityLimit), recentActivityLimit, logs);
  }

  /**
   * Returns the {@value #TOP_ASSISTANTS} assistants with the most volume, most first, ties to the
   * smaller assistant id; assistants without positive volume are left out.
   *
   * @return at most five assistants
   */
  @JsonProperty("top_assistants")
  public List<AssistantVolume> topAssistants() {
    return assistants.stream()
        .filter(a -> a.volume() > 0)
        .sorted(Comparator.comparingLong(AssistantVolume::volume).reversed()
            .thenComparing(AssistantVolume::assistant))
        .limit(TOP_ASSISTANTS)
        .toList();
  }

  /**
   * Returns each channel's conversations and their share of all conversations with a positive
   * count, largest first, ties by channel name. Shares are rounded half up to one decimal place,
   * so they may add up to slightly more or less than 100.
   *
   * @return the shares, empty when there were no conversations
   */
  @JsonProperty("channel_shares")
  public List<ChannelShare> channelShares() {
    long total = 0;
    for (long n : conversationsByChannel.values()) {
      if (n > 0) {
        total = UsageOverflowException.addExact(total, n, "conversations");
      }
    }
    long whole = total;
    return conversationsByChannel.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> new ChannelShare(e.getKey(), e.getValue(), ReportSupport.percent(e.getValue(), whole)))
        .toList();
  }

  /**
   * Returns the credits of each campaign's events in the range, most first, ties by campaign
   * name; events without a campaign are in no entry.
   *
   * @return the burn per campaign, empty when no event carries a campaign
   */
  @JsonProperty("campaign_burn")
  public List<CampaignBurn> campaignBurn() {
    return creditsByCampaign.entrySet().stream()
        .sorted(Map.Entry.<String, Credits>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> new CampaignBurn(e.getKey(), e.getValue()))
        .toList();
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  /** {@return the credits left in the wallet the tenant draws from, if it has one} */
  public Optional<Credits> availableCredits() {
    return outlook.map(BalanceOutlook::available);
  }

  @JsonProperty("available_credits")
  BigDecimal availableCreditsJson() {
    return availableCredits().map(Credits::toBigDecimal).orElse(null);
  }

  @JsonProperty("balance_outlook")
  BalanceOutlook outlookJson() {
    return outlook.orElse(null);
  }

  /**
   * One plan allotment's health: how much of it is used, and its band.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param type the credit type
   * @param allotted the allotment, in {@linkplain CreditType#allotmentUnit() allotment units}
   *     (minutes for voice)
   * @param usedMetered the usage, in {@linkplain CreditType#meteredUnit() metered units} (seconds
   *     for voice); for a gauge, the peak level
   * @param band the band the wallet's thresholds give
   */
  @JsonPropertyOrder({"credit_type", "allotment_unit", "allotted", "metered_unit", "allotted_metered", "used_metered",
      "used_percent", "band"})
  public record HealthTile(
      @JsonIgnore CreditType type,
      @JsonProperty("allotted") long allotted,
      @JsonProperty("used_metered") long usedMetered,
      @JsonIgnore HealthBand band) {

    /**
     * Validates.
     *
     * @param type the credit type
     * @param allotted the allotment, in {@linkplain CreditType#allotmentUnit() allotment units}
     *     (minutes for voice)
     * @param usedMetered the usage, in {@linkplain CreditType#meteredUnit() metered units} (seconds
     *     for voice); for a gauge, the peak level
     * @param band the band the wallet's thresholds give
     */
    public HealthTile {
      requireNonNull(type, "type");
      requireNonNull(band, "band");
      if (allotted < 0) {
        throw new IllegalArgumentException("allotment of " + type + " must not be negative but was " + allotted);
      }
    }

    static HealthTile of(AllotmentUsage usage) {
      return new HealthTile(usage.type(), usage.allotted(), usage.used(), usage.band());
    }

    /** {@return the allotment in metered units, e.g. seconds for a minutes allotment} */
    @JsonProperty("allotted_metered")
    public long allottedMetered() {
      return type.toMetered(allotted);
    }

    /**
     * Returns the usage in percent of the allotment, rounded half up to one decimal place.
     *
     * @return the percentage, or empty for an allotment of zero
     */
    public Optional<BigDecimal> usedPercent() {
      long limit = allottedMetered();
      return limit == 0 ? Optional.empty() : Optional.of(ReportSupport.percent(usedMetered, limit));
    }

    @JsonProperty("used_percent")
    BigDecimal usedPercentJson() {
      return usedPercent().orElse(null);
    }

    @JsonProperty("credit_type")
    String typeJson() {
      return type.name().toLowerCase(Locale.ROOT);
    }

    @JsonProperty("allotment_unit")
    String allotmentUnitJson() {
      return type.allotmentUnit();
    }

    @JsonProperty("metered_unit")
    String meteredUnitJson() {
      return type.meteredUnit().name().toLowerCase(Locale.ROOT);
    }

    @JsonProperty("band")
    String bandJson() {
      return band.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The credits of one day.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param credits the credits of that day's events
   */
  @JsonPropertyOrder({"date", "credits"})
  public record Day(@JsonIgnore LocalDate date, @JsonProperty("credits") Credits credits) implements DatedRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param credits the credits of that day's events
     */
    public Day {
      requireNonNull(date, "date");
      requireNonNull(credits, "credits");
    }
  }

  /**
   * An assistant's volume: its calls and AI messages.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param assistant the assistant's id
   * @param calls the sum of its {@code calls}
   * @param aiMessages the sum of its {@code ai_messages}
   */
  @JsonPropertyOrder({"assistant", "calls", "ai_messages", "volume"})
  public record AssistantVolume(
      @JsonProperty("assistant") String assistant,
      @JsonProperty("calls") long calls,
      @JsonProperty("ai_messages") long aiMessages) {

    /**
     * Validates.
     *
     * @param assistant the assistant's id
     * @param calls the sum of its {@code calls}
     * @param aiMessages the sum of its {@code ai_messages}
     */
    public AssistantVolume {
      requireNonNull(assistant, "assistant");
    }

    /** {@return calls plus AI messages, what assistants are ranked by} */
    @JsonProperty("volume")
    public long volume() {
      return UsageOverflowException.addExact(calls, aiMessages, "volume");
    }

    AssistantVolume plus(AssistantVolume other) {
      return new AssistantVolume(assistant, UsageOverflowException.addExact(calls, other.calls, "calls"),
          UsageOverflowException.addExact(aiMessages, other.aiMessages, "ai messages"));
    }
  }

  /**
   * A channel's conversations and their share.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param channel the channel's name
   * @param conversations the sum of {@code calls} on it
   * @param percent its share of all conversations, at scale 1, rounded half up
   */
  @JsonPropertyOrder({"channel", "conversations", "percent"})
  public record ChannelShare(
      @JsonProperty("channel") String channel,
      @JsonProperty("conversations") long conversations,
      @JsonProperty("percent") BigDecimal percent) {

    /**
     * Validates and fixes the scale of the percentage.
     *
     * @throws IllegalArgumentException if the percentage has more than one decimal place
     * @param channel the channel's name
     * @param conversations the sum of {@code calls} on it
     * @param percent its share of all conversations, at scale 1, rounded half up
     */
    public ChannelShare {
      requireNonNull(channel, "channel");
      requireNonNull(percent, "percent");
      if (percent.stripTrailingZeros().scale() > ReportSupport.PERCENT_SCALE) {
        throw new IllegalArgumentException("share " + percent.toPlainString() + " of channel " + channel
            + " has more than one decimal place");
      }
      percent = percent.setScale(ReportSupport.PERCENT_SCALE);
    }
  }

  /**
   * One row of recent activity: a conversation, a call or a chat, finished or missed.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param eventId the id of the event that recorded it ({@code calls} or {@code missed_calls})
   * @param when when it started
   * @param type {@code call} or {@code chat} by its channel, {@code missed_call} or {@code
   *     missed_chat} when missed, with {@code reversal_of_} before a reversal's
   * @param callId its call id, if any
   * @param assistant its assistant, if any
   * @param channel its channel, if any
   * @param contact its contact, if any
   * @param durationSeconds its seconds of {@code voice_minutes} or {@code chat_minutes}
   * @param credits the credits of every event in the range carrying its call id (its own without
   *     one, or for a reversal)
   */
  @JsonPropertyOrder({"event_id", "call_id", "when", "type", "assistant", "channel", "contact", "duration_sec",
      "credits"})
  public record Activity(
      @JsonProperty("event_id") EventId eventId,
      @JsonIgnore Instant when,
      @JsonProperty("type") String type,
      @JsonIgnore Optional<String> callId,
      @JsonIgnore Optional<String> assistant,
      @JsonIgnore Optional<String> channel,
      @JsonIgnore Optional<String> contact,
      @JsonProperty("duration_sec") long durationSeconds,
      @JsonProperty("credits") Credits credits) {

    /**
     * Validates.
     *
     * @param eventId the id of the event that recorded it ({@code calls} or {@code missed_calls})
     * @param when when it started
     * @param type {@code call} or {@code chat} by its channel, {@code missed_call} or {@code
     *     missed_chat} when missed, with {@code reversal_of_} before a reversal's
     * @param callId its call id, if any
     * @param assistant its assistant, if any
     * @param channel its channel, if any
     * @param contact its contact, if any
     * @param durationSeconds its seconds of {@code voice_minutes} or {@code chat_minutes}
     * @param credits the credits of every event in the range carrying its call id (its own without
     *     one, or for a reversal)
     */
    public Activity {
      requireNonNull(eventId, "eventId");
      requireNonNull(when, "when");
      requireNonNull(type, "type");
      requireNonNull(callId, "callId");
      requireNonNull(assistant, "assistant");
      requireNonNull(channel, "channel");
      requireNonNull(contact, "contact");
      requireNonNull(credits, "credits");
    }

    static Activity of(PricedEvent priced, CallTotals totals) {
      UsageEvent e = priced.event();
      Optional<String> channel = e.dimensions().get(DimensionKey.CHANNEL);
      String kind = channel.map(c -> Channel.of(c).isVoice()).orElse(true) ? "call" : "chat";
      String type = (e.isReversal() ? "reversal_of_" : "")
          + (e.metric().key().equals(Metrics.MISSED_CALLS.key()) ? "missed_" : "") + kind;
      Optional<String> callId = e.dimensions().get(DimensionKey.CALL_ID);
      boolean own = callId.isEmpty() || e.isReversal();
      return new Activity(e.id(), e.occurredAt(), type, callId, e.dimensions().get(DimensionKey.ASSISTANT), channel,
          e.dimensions().get(DimensionKey.CONTACT), own ? 0 : totals.seconds(callId.get()),
          own ? priced.credits() : totals.credits(callId.get()));
    }

    @JsonProperty("when")
    String whenJson() {
      return when.toString();
    }

    @JsonProperty("call_id")
    String callIdJson() {
      return callId.orElse(null);
    }

    @JsonProperty("assistant")
    String assistantJson() {
      return assistant.orElse(null);
    }

    @JsonProperty("channel")
    String channelJson() {
      return channel.orElse(null);
    }

    @JsonProperty("contact")
    String contactJson() {
      return contact.orElse(null);
    }
  }

  /**
   * The credits a campaign's events cost over the report's range.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param campaign the campaign
   * @param credits the credits of its events
   */
  @JsonPropertyOrder({"campaign", "credits"})
  public record CampaignBurn(@JsonProperty("campaign") String campaign, @JsonProperty("credits") Credits credits) {

    /**
     * Validates.
     *
     * @param campaign the campaign
     * @param credits the credits of its events
     */
    public CampaignBurn {
      requireNonNull(campaign, "campaign");
      requireNonNull(credits, "credits");
    }
  }

  /**
   * What the page is narrowed to: one assistant's conversations, one campaign's, both or all.
   * Every part that reads usage follows it; the balance, its outlook and the plan-health tiles are
   * the wallet's, whole; the call logs list no grants while narrowed, as a grant is no assistant's.
   *
   * <p>As JSON: {@code {"assistant": ..., "campaign": ...}}, {@code null} for no narrowing.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param assistant only events of this assistant, if present
   * @param campaign only events of this campaign, if present
   */
  @JsonPropertyOrder({"assistant", "campaign"})
  public record Focus(@JsonIgnore Optional<String> assistant, @JsonIgnore Optional<String> campaign) {

    private static final Focus ALL = new Focus(Optional.empty(), Optional.empty());

    /**
     * Validates.
     *
     * @param assistant only events of this assistant, if present
     * @param campaign only events of this campaign, if present
     */
    public Focus {
      requireNonNull(assistant, "assistant");
      requireNonNull(campaign, "campaign");
    }

    /** {@return the focus on everything} */
    public static Focus all() {
      return ALL;
    }

    /**
     * {@return this focus narrowed to one assistant}
     *
     * @param assistant the assistant's id, as recorded in the events' assistant dimension
     */
    public Focus withAssistant(String assistant) {
      return new Focus(Optional.of(assistant), campaign);
    }

    /**
     * {@return this focus narrowed to one campaign}
     *
     * @param campaign the campaign's id, as recorded in the events' campaign dimension
     */
    public Focus withCampaign(String campaign) {
      return new Focus(assistant, Optional.of(campaign));
    }

    /** {@return whether it narrows nothing} */
    @JsonIgnore
    public boolean isAll() {
      return assistant.isEmpty() && campaign.isEmpty();
    }

    /** Returns the filter that keeps the events in focus. */
    EventFilter filter() {
      EventFilter f = EventFilter.all();
      if (assistant.isPresent()) {
        f = f.with(DimensionKey.ASSISTANT, assistant.get());
      }
      if (campaign.isPresent()) {
        f = f.with(DimensionKey.CAMPAIGN, campaign.get());
      }
      return f;
    }

    @JsonProperty("assistant")
    String assistantJson() {
      return assistant.orElse(null);
    }

    @JsonProperty("campaign")
    String campaignJson() {
      return campaign.orElse(null);
    }
  }

  /**
   * One page of call logs: calls and credit grants, newest first.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param page the page number, from 1
   * @param pageSize the entries per page, 1 to {@value #MAX_CALL_LOG_PAGE_SIZE}
   * @param totalEntries the entries on all pages
   * @param entries this page's entries, at most {@code pageSize}; empty beyond the last page
   */
  @JsonPropertyOrder({"page", "page_size", "total_entries", "total_pages", "entries"})
  public record CallLogPage(
      @JsonProperty("page") int page,
      @JsonProperty("page_size") int pageSize,
      @JsonProperty("total_entries") long totalEntries,
      @JsonProperty("entries") List<CallLogEntry> entries) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the page or its size is out of bounds or the page holds
     *     more entries than its size
     * @param page the page number, from 1
     * @param pageSize the entries per page, 1 to {@value #MAX_CALL_LOG_PAGE_SIZE}
     * @param totalEntries the entries on all pages
     * @param entries this page's entries, at most {@code pageSize}; empty beyond the last page
     */
    public CallLogPage {
      if (page < 1) {
        throw new IllegalArgumentException("call log page must be 1 or more but was " + page);
      }
      if (pageSize < 1 || pageSize > MAX_CALL_LOG_PAGE_SIZE) {
        throw new IllegalArgumentException("call log page size must be 1 to " + MAX_CALL_LOG_PAGE_SIZE + " but was "
            + pageSize);
      }
      if (totalEntries < 0) {
        throw new IllegalArgumentException("call log entry count must not be negative but was " + totalEntries);
      }
      entries = List.copyOf(entries);
      if (entries.size() > pageSize) {
        throw new IllegalArgumentException("call log page of size " + pageSize + " holds " + entries.size()
            + " entries");
      }
    }

    /** {@return the number of pages, 0 when there are no entries} */
    @JsonProperty("total_pages")
    public long totalPages() {
      return (totalEntries + pageSize - 1) / pageSize;
    }
  }

  /**
   * One call log entry: a call and the credits it used, or a grant and the credits it added.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param dateTime when the call started or the grant took effect
   * @param callId the call's id, empty for a grant
   * @param creditsUsed the call's credits, zero for a grant
   * @param creditsAdded the grant's amount, zero for a call
   * @param remarks e.g. {@code inbound voice call}, {@code missed inbound voice call}, {@code
   *     reversal of c1/calls} or {@code top_up topup-7} (the grant's kind and id)
   */
  @JsonPropertyOrder({"date_time", "call_id", "credits_used", "credits_added", "remarks"})
  public record CallLogEntry(
      @JsonIgnore Instant dateTime,
      @JsonIgnore Optional<String> callId,
      @JsonProperty("credits_used") Credits creditsUsed,
      @JsonProperty("credits_added") Credits creditsAdded,
      @JsonProperty("remarks") String remarks) {

    /**
     * Validates.
     *
     * @param dateTime when the call started or the grant took effect
     * @param callId the call's id, empty for a grant
     * @param creditsUsed the call's credits, zero for a grant
     * @param creditsAdded the grant's amount, zero for a call
     * @param remarks e.g. {@code inbound voice call}, {@code missed inbound voice call}, {@code
     *     reversal of c1/calls} or {@code top_up topup-7} (the grant's kind and id)
     */
    public CallLogEntry {
      requireNonNull(dateTime, "dateTime");
      requireNonNull(callId, "callId");
      requireNonNull(creditsUsed, "creditsUsed");
      requireNonNull(creditsAdded, "creditsAdded");
      requireNonNull(remarks, "remarks");
    }

    @JsonProperty("date_time")
    String dateTimeJson() {
      return dateTime.toString();
    }

    @JsonProperty("call_id")
    String callIdJson() {
      return callId.orElse(null);
    }
  }

  private static long addConversations(long a, long b) {
    return UsageOverflowException.addExact(a, b, "conversations");
  }
}
