package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.TenantAccounts;
import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.plan.Plan;
import dev.usage.pricing.CreditPrice;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Money;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.Ledger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each metric of a tenant's plan consumed over a range of days and what it cost: units,
 * credits and, with a {@link CreditPrice}, money; day by day and transaction by transaction; with
 * the total spend and the wallet's balance.
 *
 * <p>Only the metrics the tenant's {@link Plan} lists are shown, in the plan's order; usage of
 * other metrics is neither shown nor in the total. A tenant without a plan has no metrics. Per
 * metric:
 *
 * <ul>
 *   <li>{@code units_consumed}: the billable quantity in the metric's unit (seconds for {@code
 *       voice_minutes}, after billing increments), as a decimal at the metric's scale. For a
 *       metric that {@linkplain Aggregation#MAX aggregates by maximum} (phone numbers, seats,
 *       concurrent calls) it is the peak of the daily peaks, a day without readings counting 0;
 *       otherwise the sum of the days. Reversals subtract.
 *   <li>{@code credits}, and {@code cost} in money when a price is given ({@code null} otherwise):
 *       the sum of the metric's credits, converted once.
 *   <li>{@code daily}: every day of the range, zeros included.
 *   <li>{@code transactions}: the metric's newest events, at most {@link #transactionLimit()}
 *       (100 by default), newest first, read by paged scans.
 * </ul>
 *
 * <p>{@code total_credits} is the sum of the shown metrics' credits and {@code total_cost} its
 * money; {@code wallet_balance} is the wallet's {@linkplain Ledger#balance balance} when
 * the report was computed, {@code null} without a wallet. The default range is the current billing
 * period ({@link #defaultRange(int, Clock)}); {@link BillablePeriod} has the other presets.
 *
 * <p>As JSON, with a plain {@code ObjectMapper}:
 *
 * <pre>{@code
 * {"start_date":"2026-04-01","end_date":"2026-04-30","zone":"Z",
 *  "metrics":[{"metric":"voice_minutes","unit":"seconds","units_consumed":180,"credits":3.000000,
 *              "cost":{"currency":"USD","amount":0.03},
 *              "daily":[{"date":"2026-04-01","units":0,"credits":0.000000}, ...],
 *              "transactions":[{"event_id":"c1/voice_minutes","time":"2026-04-02T09:00:00Z",
 *                               "campaign":"spring","units":120,"credits":2.000000,"cost":{...}}]}],
 *  "total_credits":3.000000,"total_cost":{"currency":"USD","amount":0.03},"wallet_balance":997.000000}
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose usage; not in the JSON
 * @param range the days covered, inclusive
 * @param metrics one entry per metric on the plan, in the plan's order
 * @param totalCredits the sum of the metrics' credits
 * @param totalCost {@code totalCredits} in money, when priced
 * @param outlook the wallet's balance, band and forecast when computed, if the tenant has a wallet
 * @param price the price of a credit the costs are in, if any; not in the JSON
 * @param transactionLimit the most transactions listed per metric, 0 to 1,000; not in the JSON
 */
@JsonPropertyOrder({"range", "metrics", "total_credits", "total_cost", "wallet_balance", "balance_outlook"})
public record BillableMetricsReport(
    @JsonIgnore TenantId tenant,
    @JsonIgnore UsageRange range,
    @JsonProperty("metrics") List<MetricUsage> metrics,
    @JsonProperty("total_credits") Credits totalCredits,
    @JsonIgnore Optional<Money> totalCost,
    @JsonIgnore Optional<BalanceOutlook> outlook,
    @JsonIgnore Optional<CreditPrice> price,
    @JsonIgnore int transactionLimit) {

  /** The transactions listed per metric unless asked otherwise. */
  public static final int DEFAULT_TRANSACTION_LIMIT = 100;

  private static final String NAME = "billable metrics report";

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a metric's days are not those of the range, it lists more
   *     transactions than the limit, a metric repeats, or the totals or costs do not follow from
   *     the parts
   * @param tenant whose usage; not in the JSON
   * @param range the days covered, inclusive
   * @param metrics one entry per metric on the plan, in the plan's order
   * @param totalCredits the sum of the metrics' credits
   * @param totalCost {@code totalCredits} in money, when priced
   * @param outlook the wallet's balance, band and forecast when computed, if the tenant has a wallet
   * @param price the price of a credit the costs are in, if any; not in the JSON
   * @param transactionLimit the most transactions listed per metric, 0 to 1,000; not in the JSON
   */
  public BillableMetricsReport {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(totalCredits, "totalCredits");
    requireNonNull(totalCost, "totalCost");
    requireNonNull(outlook, "outlook");
    requireNonNull(price, "price");
    ReportSupport.checkLimit("transaction limit", transactionLimit);
    metrics = List.copyOf(metrics);
    Credits sum = Credits.zero();
    Map<String, Boolean> seen = new HashMap<>();
    for (MetricUsage m : metrics) {
      if (seen.put(m.metric().key(), true) != null) {
        throw new IllegalArgumentException("metric " + m.metric().key() + " is listed twice");
      }
      ReportSupport.checkDays("daily usage of " + m.metric().key(), range,
          m.daily().stream().map(Day::date).toList());
      if (m.transactions().size() > transactionLimit) {
        throw new IllegalArgumentException("metric " + m.metric().key() + " lists " + m.transactions().size()
            + " transactions, more than the limit " + transactionLimit);
      }
      if (!m.cost().equals(price.map(p -> p.toMoney(m.credits())))) {
        throw new IllegalArgumentException("cost " + m.cost() + " of metric " + m.metric().key()
            + " is not its credits " + m.credits() + " at price " + price);
      }
      sum = sum.plus(m.credits());
    }
    if (!sum.equals(totalCredits)) {
      throw new IllegalArgumentException("total credits " + totalCredits + " are not the sum " + sum
          + " of the metrics' credits");
    }
    Credits total = totalCredits;
    if (!totalCost.equals(price.map(p -> p.toMoney(total)))) {
      throw new IllegalArgumentException("total cost " + totalCost + " is not the total credits " + totalCredits
          + " at price " + price);
    }
  }

  /**
   * Returns the range the product shows by default: the current UTC billing period of a cycle
   * that starts on the first of the month, which is the calendar month.
   *
   * @param clock gives today; its zone is ignored
   * @return {@code UsageRange.billingPeriod(1, clock)}
   */
  public static UsageRange defaultRange(Clock clock) {
    return defaultRange(1, clock);
  }

  /**
   * Returns the current UTC billing period of a cycle that starts on {@code anchorDay} of each
   * month, the product's default range.
   *
   * @param anchorDay the day of the month each period starts on, 1 to 31
   * @param clock gives today; its zone is ignored
   * @return {@link UsageRange#billingPeriod(int, Clock)}
   * @throws IllegalArgumentException if the anchor is outside 1 to 31
   */
  public static UsageRange defaultRange(int anchorDay, Clock clock) {
    return UsageRange.billingPeriod(anchorDay, clock);
  }

  /**
   * Computes the report without money and with the newest {@value #DEFAULT_TRANSACTION_LIMIT}
   * transactions per metric.
   *
   * @see #compute(UsageStore, TenantAccounts, TenantId, UsageRange, Optional, int)
   */
  static BillableMetricsReport compute(
      UsageStore store, TenantAccounts accounts, Ledger ledger, TenantId tenant, UsageRange range) {
    return compute(store, accounts, ledger, tenant, range, Optional.empty(), DEFAULT_TRANSACTION_LIMIT);
  }

  /**
   * Computes the report: one aggregate query grouped by metric and day for every figure, and one
   * paged scan per metric for its transactions.
   *
   * @param store the tenant's usage
   * @param accounts gives the tenant's plan (which metrics to show)
   * @param ledger gives the balance of the wallet the tenant draws from
   * @param tenant whose usage
   * @param range the days to cover
   * @param price the price of a credit to show costs in, or empty for credits only
   * @param transactionLimit the most transactions to list per metric, 0 to 1,000
   * @return the report
   * @throws IllegalArgumentException if the limit is out of bounds
   */
  static BillableMetricsReport compute(UsageStore store, TenantAccounts accounts, Ledger ledger, TenantId tenant,
      UsageRange range, Optional<CreditPrice> price, int transactionLimit) {
    requireNonNull(store, "store");
    requireNonNull(accounts, "accounts");
    requireNonNull(ledger, "ledger");
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(price, "price");
    ReportSupport.checkLimit("transaction limit", transactionLimit);
    List<Metric> shown = accounts.plan(tenant).map(p -> List.copyOf(p.metrics())).orElse(List.of());
    int n = range.dayCount();
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < shown.size(); k++) {
      index.put(shown.get(k).key(), k);
    }
    long[][] units = new long[shown.size()][n];
    long[][] credits = new long[shown.size()][n];
    if (!shown.isEmpty()) {
      AggregateQuery query = AggregateQuery.builder(tenant, range)
          .metrics(shown.toArray(Metric[]::new))
          .groupBy(GroupKey.METRIC, GroupKey.DAY)
          .build();
      for (AggregateRow row : store.aggregate(query)) {
        Integer k = index.get(row.metric());
        if (k == null) {
          continue; // a store that over-returns; the plan decides what is shown
        }
        int i = ReportSupport.dayIndex(range, row.day());
        boolean peak = shown.get(k).aggregation() == Aggregation.MAX;
        units[k][i] = peak ? Math.max(units[k][i], row.max()) : UsageOverflowException.addExact(units[k][i],
            row.billableSum(), "units");
        credits[k][i] = UsageOverflowException.addExact(credits[k][i], row.credits().micros(), "credits");
      }
    }
    List<MetricUsage> usages = new ArrayList<>(shown.size());
    Credits total = Credits.zero();
    for (int k = 0; k < shown.size(); k++) {
      Metric metric = shown.get(k);
      List<Day> days = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        days.add(new Day(range.start().plusDays(i), metric.toDecimal(units[k][i]), Credits.ofMicros(credits[k][i])));
      }
      List<Transaction> transactions = ReportSupport.newest(store, tenant, range,
              EventFilter.all().withMetrics(metric), transactionLimit)
          .stream().map(e -> Transaction.of(e, price)).toList();
      MetricUsage usage = MetricUsage.of(metric, days, transactions, price);
      usages.add(usage);
      total = total.plus(usage.credits());
    }
    Credits sum = total;
    return new BillableMetricsReport(tenant, range, usages, total, price.map(p -> p.toMoney(sum)),
        BalanceOutlook.of(ledger, tenant), price, transactionLimit);
  }

  /**
   * Returns the report over this report's days and the days of {@code other}, which must start
   * the day after this one ends.
   *
   * <p>Units and credits add (peaks of {@link Aggregation#MAX} metrics take the larger), daily
   * series are joined, and each metric's transactions are the newest {@link #transactionLimit()}
   * of {@code other}'s followed by this report's. The wallet balance is current state, so the
   * result takes {@code other}'s, the later one.
   *
   * @param other the same tenant's report over the days right after this one's, in the same zone,
   *     with the same metrics, price and transaction limit
   * @return the report over the union, equal to the one {@link #compute} gives for it
   * @throws IllegalArgumentException naming both ranges if {@code other} does not follow this
   *     report; if it is of another tenant, or shows other metrics, another price or limit
   * @throws dev.usage.time.InvalidRangeException if the union has more than 366 days
   */
  public BillableMetricsReport merge(BillableMetricsReport other) {
    requireNonNull(other, "other");
    ReportSupport.checkSameTenant(NAME, tenant, other.tenant);
    UsageRange union = ReportSupport.follow(range, other.range);
    List<String> keys = metrics.stream().map(m -> m.metric().key()).toList();
    List<String> otherKeys = other.metrics.stream().map(m -> m.metric().key()).toList();
    if (!keys.equals(otherKeys)) {
      throw new IllegalArgumentException(NAME + " over " + range + " shows metrics " + keys + " but the report over "
          + other.range + " shows " + otherKeys);
    }
    if (!price.equals(other.price)) {
      throw new IllegalArgumentException(NAME + " over " + range + " is priced at "
          + price.map(Object::toString).orElse("no price") + " but the report over " + other.range + " at "
          + other.price.map(Object::toString).orElse("no price"));
    }
    if (transactionLimit != other.transactionLimit) {
      throw new IllegalArgumentException(NAME + " over " + range + " lists " + transactionLimit
          + " transactions per metric but the report over " + other.range + " lists " + other.transactionLimit);
    }
    List<MetricUsage> merged = new ArrayList<>(metrics.size());
    for (int k = 0; k < metrics.size(); k++) {
      merged.add(metrics.get(k).merge(other.metrics.get(k), transactionLimit, price));
    }
    Credits total = totalCredits.plus(other.totalCredits);
    return new BillableMetricsReport(tenant, union, merged, total, price.map(p -> p.toMoney(total)),
        other.outlook, price, transactionLimit);
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  @JsonProperty("total_cost")
  Money totalCostJson() {
    return totalCost.orElse(null);
  }

  /** {@return the balance of the wallet the tenant draws from, if it has one} */
  public Optional<Credits> walletBalance() {
    return outlook.map(BalanceOutlook::available);
  }

  @JsonProperty("wallet_balance")
  BigDecimal walletBalanceJson() {
    return walletBalance().map(Credits::toBigDecimal).orElse(null);
  }

  @JsonProperty("balance_outlook")
  BalanceOutlook outlookJson() {
    return outlook.orElse(null);
  }

  /**
   * One metric's consumption over the report's range.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param metric the metric
   * @param unitsConsumed the billable quantity in the metric's unit, at its scale: the sum of the
   *     days, or their peak for a metric that aggregates by maximum
   * @param credits the sum of the days' credits
   * @param cost {@code credits} in money, when the report is priced
   * @param daily every day of the range, in order, zeros included
   * @param transactions the newest events, newest first
   */
  @JsonPropertyOrder({"metric", "unit", "units_consumed", "credits", "cost", "daily", "transactions"})
  public record MetricUsage(
      @JsonIgnore Metric metric,
      @JsonProperty("units_consumed") BigDecimal unitsConsumed,
      @JsonProperty("credits") Credits credits,
      @JsonIgnore Optional<Money> cost,
      @JsonProperty("daily") List<Day> daily,
      @JsonProperty("transactions") List<Transaction> transactions) {

    /**
     * Validates, copies and fixes the scale of the units to the metric's.
     *
     * @throws IllegalArgumentException if the units have more decimal places than the metric, or
     *     the units or credits do not follow from the days
     * @param metric the metric
     * @param unitsConsumed the billable quantity in the metric's unit, at its scale: the sum of the
     *     days, or their peak for a metric that aggregates by maximum
     * @param credits the sum of the days' credits
     * @param cost {@code credits} in money, when the report is priced
     * @param daily every day of the range, in order, zeros included
     * @param transactions the newest events, newest first
     */
    public MetricUsage {
      requireNonNull(metric, "metric");
      requireNonNull(credits, "credits");
      requireNonNull(cost, "cost");
      unitsConsumed = atScale(metric, unitsConsumed);
      daily = daily.stream().map(d -> new Day(d.date(), atScale(metric, d.units()), d.credits())).toList();
      transactions = List.copyOf(transactions);
      BigDecimal units = total(metric, daily);
      Credits sum = Credits.sum(daily.stream().map(Day::credits).toList());
      if (!units.equals(unitsConsumed) || !sum.equals(credits)) {
        throw new IllegalArgumentException("metric " + metric.key() + " consumed " + unitsConsumed + " units for "
            + credits + " credits, but its days add up to " + units + " units for " + sum + " credits");
      }
    }

    static MetricUsage of(Metric metric, List<Day> days, List<Transaction> transactions, Optional<CreditPrice> price) {
      Credits credits = Credits.sum(days.stream().map(Day::credits).toList());
      return new MetricUsage(metric, total(metric, days), credits, price.map(p -> p.toMoney(credits)), days,
          transactions);
    }

    /** Returns the days' peak for a metric that aggregates by maximum, else their sum. */
    private static BigDecimal total(Metric metric, List<Day> days) {
      BigDecimal zero = metric.toDecimal(0);
      return metric.aggregation() == Aggregation.MAX
          ? days.stream().map(Day::units).reduce(BigDecimal::max).orElse(zero)
          : days.stream().map(Day::units).reduce(zero, BigDecimal::add);
    }

    /**
     * Returns this metric's usage and another tenant's over the same days added up: units and
     * credits day by day (a peak metric adds its peaks, an upper bound of the two tenants' joint
     * peak), and the newest {@code transactionLimit} transactions of both, newest first.
     */
    MetricUsage plus(MetricUsage other, int transactionLimit, Optional<CreditPrice> price) {
      List<Day> days = new ArrayList<>(daily.size());
      for (int i = 0; i < daily.size(); i++) {
        Day a = daily.get(i);
        Day b = other.daily.get(i);
        days.add(new Day(a.date(), a.units().add(b.units()), a.credits().plus(b.credits())));
      }
      List<Transaction> both = new ArrayList<>(transactions);
      both.addAll(other.transactions);
      both.sort(Comparator.comparing(Transaction::time).reversed());
      return of(metric, days, both.subList(0, Math.min(transactionLimit, both.size())), price);
    }

    MetricUsage merge(MetricUsage later, int transactionLimit, Optional<CreditPrice> price) {
      List<Day> days = new ArrayList<>(daily);
      days.addAll(later.daily);
      return of(metric, days, ReportSupport.recap(later.transactions, transactions, transactionLimit), price);
    }

    private static BigDecimal atScale(Metric metric, BigDecimal units) {
      requireNonNull(units, "units");
      if (units.stripTrailingZeros().scale() > metric.scale()) {
        throw new IllegalArgumentException("units " + units.toPlainString() + " of metric " + metric.key()
            + " have more than its " + metric.scale() + " decimal places");
      }
      return units.setScale(metric.scale());
    }

    @JsonProperty("metric")
    String metricJson() {
      return metric.key();
    }

    @JsonProperty("unit")
    String unitJson() {
      return metric.unit().name().toLowerCase(Locale.ROOT);
    }

    @JsonProperty("cost")
    Money costJson() {
      return cost.orElse(null);
    }
  }

  /**
   * One metric's consumption on one day.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param units billable units that day, or the day's peak for a metric that aggregates by maximum
   * @param credits credits that day
   */
  @JsonPropertyOrder({"date", "units", "credits"})
  public record Day(
      @JsonIgnore LocalDate date,
      @JsonProperty("units") BigDecimal units,
      @JsonProperty("credits") Credits credits) implements DatedRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param units billable units that day, or the day's peak for a metric that aggregates by maximum
     * @param credits credits that day
     */
    public Day {
      requireNonNull(date, "date");
      requireNonNull(units, "units");
      requireNonNull(credits, "credits");
    }
  }

  /**
   * One priced event of a metric.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param eventId the event's id
   * @param time when the usage happened; JSON shows its UTC {@code date} and the instant as {@code
   *     time}
   * @param campaign the event's {@linkplain DimensionKey#CAMPAIGN campaign}, if any
   * @param units its billable quantity, at the metric's scale
   * @param credits what it cost in credits
   * @param cost what it cost in money, when the report is priced
   */
  @JsonPropertyOrder({"event_id", "date", "time", "campaign", "units", "credits", "cost"})
  public record Transaction(
      @JsonProperty("event_id") EventId eventId,
      @JsonIgnore Instant time,
      @JsonIgnore Optional<String> campaign,
      @JsonProperty("units") BigDecimal units,
      @JsonProperty("credits") Credits credits,
      @JsonIgnore Optional<Money> cost) {

    /**
     * Validates.
     *
     * @param eventId the event's id
     * @param time when the usage happened; JSON shows its UTC {@code date} and the instant as {@code
     *     time}
     * @param campaign the event's {@linkplain DimensionKey#CAMPAIGN campaign}, if any
     * @param units its billable quantity, at the metric's scale
     * @param credits what it cost in credits
     * @param cost what it cost in money, when the report is priced
     */
    public Transaction {
      requireNonNull(eventId, "eventId");
      requireNonNull(time, "time");
      requireNonNull(campaign, "campaign");
      requireNonNull(units, "units");
      requireNonNull(credits, "credits");
      requireNonNull(cost, "cost");
    }

    static Transaction of(PricedEvent e, Optional<CreditPrice> price) {
      return new Transaction(e.event().id(), e.event().occurredAt(), e.event().dimensions().get(DimensionKey.CAMPAIGN),
          e.event().metric().toDecimal(e.billableQuantity()), e.credits(), price.map(p -> p.toMoney(e.credits())));
    }

    @JsonProperty("date")
    String dateJson() {
      return LocalDate.ofInstant(time, ZoneOffset.UTC).toString();
    }

    @JsonProperty("time")
    String timeJson() {
      return time.toString();
    }

    @JsonProperty("campaign")
    String campaignJson() {
      return campaign.orElse(null);
    }

    @JsonProperty("cost")
    Money costJson() {
      return cost.orElse(null);
    }
  }
}
