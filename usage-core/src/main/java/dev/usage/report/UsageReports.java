package dev.usage.report;

import static java.util.Objects.requireNonNull;

import dev.usage.TenantAccounts;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.Thresholds;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.pricing.CreditPrice;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The entry point to every report: applies each report's documented default range and the access
 * rules, then computes the report from the store.
 *
 * <p>Access rules: {@code billing:manage} reads the usage summary, billable metrics and the credit
 * usage page; {@code analytics:read} reads AI, SMS, phone and voice usage and any member's usage;
 * {@code members:read} reads one's own member usage. A caller asking for another tenant's report,
 * or without the scope, gets a {@link ReportAccessDeniedException}, which a web layer maps to 403.
 * The refusal for another tenant is the same whether or not that tenant exists, and is decided
 * before the store is touched.
 *
 * <pre>{@code
 * UsageReports reports = UsageReports.builder(store).accounts(accounts).clock(clock).build();
 * UsageSummaryReport summary = reports.summary(caller, tenant);            // month to date
 * SmsUsageReport sms = reports.smsUsage(caller, tenant, UsageRange.parse("2026-04-01", "2026-04-30"));
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class UsageReports {

  private final UsageStore store;
  private final TenantAccounts accounts;
  private final Ledger ledger;
  private final InventoryProvider inventory;
  private final Clock clock;
  private final int billingAnchorDay;
  private final Optional<CreditPrice> creditPrice;

  private UsageReports(Builder b) {
    this.store = b.store;
    this.accounts = b.accounts;
    this.ledger = b.ledger.orElseGet(() -> Ledger.of(b.store, b.accounts, b.clock, Thresholds.defaults()));
    this.inventory = b.inventory;
    this.clock = b.clock;
    this.billingAnchorDay = b.billingAnchorDay;
    this.creditPrice = b.creditPrice;
  }

  /**
   * Starts building reports over {@code store}.
   *
   * @param store where the usage is
   * @return a builder
   */
  public static Builder builder(UsageStore store) {
    return new Builder(store);
  }

  /**
   * {@return the usage summary for month to date in UTC} Needs {@code billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   */
  public UsageSummaryReport summary(Caller caller, TenantId tenant) {
    return summary(caller, tenant, UsageSummaryReport.defaultRange(clock));
  }

  /**
   * {@return the usage summary over {@code range}} Needs {@code billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public UsageSummaryReport summary(Caller caller, TenantId tenant, UsageRange range) {
    check(caller, tenant, Scope.BILLING_MANAGE);
    return UsageSummaryReport.compute(store, tenant, requireNonNull(range, "range"), inventory.inventory(tenant));
  }

  // A default-range and a range overload per report on purpose: public API, one line each.
  /**
   * {@return the usage summary of a whole organization over {@code range}: the sum of its
   * workspaces' summaries, day by day} Needs an {@link OrganizationCaller} of that organization
   * with {@code billing:manage}; the store keeps no list of workspaces, so the host names them.
   *
   * @param workspaces the organization's workspaces, each once
   * @param caller who asks: must be of {@code organization}
   * @param organization the organization whose workspaces are added up
   * @param range the days, inclusive, in the range's zone
   * @throws ReportAccessDeniedException if the caller is of another organization or lacks the scope
   * @throws IllegalArgumentException if a workspace is named twice
   */
  public UsageSummaryReport organizationSummary(OrganizationCaller caller, String organization,
      Collection<String> workspaces, UsageRange range) {
    UsageSummaryReport total = UsageSummaryReport.empty(requireNonNull(range, "range"));
    for (TenantId tenant : organizationWorkspaces(caller, organization, workspaces)) {
      total = total.plus(UsageSummaryReport.compute(store, tenant, range, inventory.inventory(tenant)));
    }
    return total;
  }

  /**
   * {@return the billable metrics of a whole organization over {@code range}: each metric of its
   * workspaces' plans added up, and each workspace's spend} Needs an {@link OrganizationCaller} of
   * that organization with {@code billing:manage}.
   *
   * @param workspaces the organization's workspaces, each once
   * @param caller who asks: must be of {@code organization}
   * @param organization the organization whose workspaces are added up
   * @param range the days, inclusive, in the range's zone
   * @throws ReportAccessDeniedException if the caller is of another organization or lacks the scope
   * @throws IllegalArgumentException if a workspace is named twice
   */
  public OrganizationBillableMetrics organizationBillableMetrics(OrganizationCaller caller, String organization,
      Collection<String> workspaces, UsageRange range) {
    requireNonNull(range, "range");
    List<BillableMetricsReport> reports = new ArrayList<>();
    for (TenantId tenant : organizationWorkspaces(caller, organization, workspaces)) {
      reports.add(BillableMetricsReport.compute(store, accounts, ledger, tenant, range, creditPrice,
          BillableMetricsReport.DEFAULT_TRANSACTION_LIMIT));
    }
    return OrganizationBillableMetrics.of(organization, range, reports, creditPrice,
        BillableMetricsReport.DEFAULT_TRANSACTION_LIMIT);
  }

  /** Checks an organization's caller and returns the tenants of the named workspaces. */
  private static List<TenantId> organizationWorkspaces(OrganizationCaller caller, String organization,
      Collection<String> workspaces) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    if (!caller.organization().equals(organization)) {
      throw new ReportAccessDeniedException("a caller may read only its own organization's reports");
    }
    if (!caller.has(Scope.BILLING_MANAGE)) {
      throw new ReportAccessDeniedException("this report needs scope " + Scope.BILLING_MANAGE.key());
    }
    if (new HashSet<>(workspaces).size() != workspaces.size()) {
      throw new IllegalArgumentException("workspaces named twice in " + workspaces);
    }
    return workspaces.stream().map(w -> TenantId.of(organization, w)).toList();
  }

  /**
   * {@return AI usage for the last 30 days} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   */
  public AiUsageReport aiUsage(Caller caller, TenantId tenant) {
    return aiUsage(caller, tenant, AiUsageReport.defaultRange(clock));
  }

  /**
   * {@return AI usage over {@code range}} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public AiUsageReport aiUsage(Caller caller, TenantId tenant, UsageRange range) {
    return analytics(caller, tenant, range, AiUsageReport::compute);
  }

  /**
   * {@return SMS usage for the current UTC month} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   */
  public SmsUsageReport smsUsage(Caller caller, TenantId tenant) {
    return smsUsage(caller, tenant, SmsUsageReport.defaultRange(clock));
  }

  /**
   * {@return SMS usage over {@code range}} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public SmsUsageReport smsUsage(Caller caller, TenantId tenant, UsageRange range) {
    return analytics(caller, tenant, range, SmsUsageReport::compute);
  }

  /**
   * {@return phone usage for the current UTC month} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   */
  public PhoneUsageReport phoneUsage(Caller caller, TenantId tenant) {
    return phoneUsage(caller, tenant, PhoneUsageReport.defaultRange(clock));
  }

  /**
   * {@return phone usage over {@code range}} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public PhoneUsageReport phoneUsage(Caller caller, TenantId tenant, UsageRange range) {
    return analytics(caller, tenant, range, PhoneUsageReport::compute);
  }

  /**
   * {@return voice (speech) usage for the current UTC month} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   */
  public VoiceUsageReport voiceUsage(Caller caller, TenantId tenant) {
    return voiceUsage(caller, tenant, VoiceUsageReport.defaultRange(clock));
  }

  /**
   * {@return voice (speech) usage over {@code range}} Needs {@code analytics:read}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code analytics:read}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public VoiceUsageReport voiceUsage(Caller caller, TenantId tenant, UsageRange range) {
    return analytics(caller, tenant, range, VoiceUsageReport::compute);
  }

  /**
   * {@return a member's usage from the start of the current UTC month to today} Needs {@code
   * analytics:read}, or {@code members:read} when the caller is that member.
   *
   * @param caller who asks: must be of {@code tenant}, and hold {@code analytics:read} or be that
   *     member
   * @param tenant the member's tenant
   * @param memberId the member's id, as recorded in the events' member dimension
   */
  public MemberUsageReport memberUsage(Caller caller, TenantId tenant, String memberId) {
    return memberUsage(caller, tenant, memberId, MemberUsageReport.defaultRange(clock));
  }

  /**
   * {@return a member's usage over {@code range}} Needs {@code analytics:read}, or {@code
   * members:read} when the caller is that member.
   *
   * @param caller who asks: must be of {@code tenant}, and hold {@code analytics:read} or be that
   *     member
   * @param tenant the member's tenant
   * @param memberId the member's id, as recorded in the events' member dimension
   * @param range the days, inclusive, in the range's zone
   */
  public MemberUsageReport memberUsage(Caller caller, TenantId tenant, String memberId, UsageRange range) {
    checkMemberUsage(caller, tenant, memberId);
    return MemberUsageReport.compute(store, tenant, memberId, requireNonNull(range, "range"));
  }

  /**
   * Checks, without reading the store, that {@code caller} may read the usage of member {@code
   * memberId} of {@code tenant}: with {@code analytics:read}, or with {@code members:read} as that
   * member. {@link #memberUsage} checks the same; a web layer calls this first to refuse a caller
   * before it parses the request's other parameters.
   *
   * @param caller who asks
   * @param tenant the member's tenant
   * @param memberId the member's id, as recorded in the events' member dimension
   * @throws ReportAccessDeniedException if the caller is of another tenant or may not read that
   *     member's usage
   */
  public void checkMemberUsage(Caller caller, TenantId tenant, String memberId) {
    requireNonNull(memberId, "memberId");
    checkTenant(caller, tenant);
    boolean own = caller.member().filter(memberId::equals).isPresent();
    if (!caller.has(Scope.ANALYTICS_READ) && !(own && caller.has(Scope.MEMBERS_READ))) {
      throw new ReportAccessDeniedException(own
          ? "member usage needs scope members:read or analytics:read"
          : "another member's usage needs scope analytics:read");
    }
  }

  /**
   * Returns the first page of the members with usage from the start of the current UTC month to
   * today. Needs {@code analytics:read}; a caller with {@code members:read} as a member sees only
   * themself.
   *
   * @param caller who asks
   * @param tenant whose members
   * @return the first page of {@value MemberUsagePage#DEFAULT_PAGE_SIZE} members at most
   * @throws ReportAccessDeniedException if the caller is of another tenant or may read no member's usage
   */
  public MemberUsagePage members(Caller caller, TenantId tenant) {
    return members(caller, tenant, MemberUsagePage.defaultRange(clock), MemberUsagePage.DEFAULT_PAGE_SIZE,
        Optional.empty());
  }

  /**
   * Returns one page of the members with usage over {@code range}, in member id order, each with
   * the totals of their {@linkplain #memberUsage member report}. Needs {@code analytics:read}; a
   * caller with {@code members:read} as a member sees only themself, as they may read only their
   * own report.
   *
   * @param caller who asks
   * @param tenant whose members
   * @param range the days
   * @param pageSize members per page, 1 to {@value MemberUsagePage#MAX_PAGE_SIZE}
   * @param cursor the previous page's {@link MemberUsagePage#nextCursor()}, or empty for the first
   * @return the page
   * @throws ReportAccessDeniedException if the caller is of another tenant or may read no member's usage
   * @throws IllegalArgumentException if the page size is out of bounds or the cursor is not one a
   *     page issued
   */
  public MemberUsagePage members(Caller caller, TenantId tenant, UsageRange range, int pageSize,
      Optional<String> cursor) {
    checkMembers(caller, tenant);
    Optional<String> only = caller.has(Scope.ANALYTICS_READ) ? Optional.empty() : caller.member();
    return MemberUsagePage.read(store, tenant, requireNonNull(range, "range"), only, pageSize, cursor);
  }

  /**
   * Checks, without reading the store, that {@code caller} may list the members of {@code
   * tenant}: with {@code analytics:read}, or with {@code members:read} as a member (who sees only
   * themself). {@link #members} checks the same; a web layer calls this first to refuse a caller
   * before it parses the request's other parameters.
   *
   * @param caller who asks
   * @param tenant whose members
   * @throws ReportAccessDeniedException if the caller is of another tenant or may read no member's usage
   */
  public void checkMembers(Caller caller, TenantId tenant) {
    checkTenant(caller, tenant);
    if (!caller.has(Scope.ANALYTICS_READ) && !(caller.member().isPresent() && caller.has(Scope.MEMBERS_READ))) {
      throw new ReportAccessDeniedException("the member list needs scope analytics:read, or members:read as a member");
    }
  }

  /**
   * {@return billable metrics for the tenant's current billing period} Needs {@code
   * billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   */
  public BillableMetricsReport billableMetrics(Caller caller, TenantId tenant) {
    return billableMetrics(caller, tenant, BillablePeriod.BILLING_PERIOD);
  }

  /**
   * {@return billable metrics for a preset period} Needs {@code billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param period the preset, resolved with {@link #range(TenantId, BillablePeriod)}
   */
  public BillableMetricsReport billableMetrics(Caller caller, TenantId tenant, BillablePeriod period) {
    return billableMetrics(caller, tenant, range(tenant, period));
  }

  /**
   * Returns the days of a preset for a tenant as of now, its billing period starting on the
   * tenant's {@linkplain TenantAccounts#billingAnchorDay anchor day}, else on this instance's.
   *
   * @param tenant whose period
   * @param period the preset
   * @return the UTC range
   */
  public UsageRange range(TenantId tenant, BillablePeriod period) {
    requireNonNull(tenant, "tenant");
    requireNonNull(period, "period");
    return period.range(accounts.billingAnchorDay(tenant).orElse(billingAnchorDay), clock);
  }

  /**
   * {@return billable metrics over {@code range}} Needs {@code billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public BillableMetricsReport billableMetrics(Caller caller, TenantId tenant, UsageRange range) {
    check(caller, tenant, Scope.BILLING_MANAGE);
    return BillableMetricsReport.compute(store, accounts, ledger, tenant, requireNonNull(range, "range"), creditPrice,
        BillableMetricsReport.DEFAULT_TRANSACTION_LIMIT);
  }

  /**
   * {@return one page of a billable metric's transactions over {@code range}, newest first: every
   * priced event of the metric, a page at a time, where the billable metrics report lists the
   * newest few} Needs {@code billing:manage}.
   *
   * @param metric the metric
   * @param pageSize transactions per page, 1 to 1,000
   * @param cursor the previous page's {@link TransactionPage#nextCursor()}, or empty for the first
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose transactions
   * @param range the days, inclusive, in the range's zone
   * @throws IllegalArgumentException if the page size is out of bounds or the cursor is not one
   *     this store issued
   */
  public TransactionPage transactions(Caller caller, TenantId tenant, Metric metric, UsageRange range, int pageSize,
      Optional<String> cursor) {
    check(caller, tenant, Scope.BILLING_MANAGE);
    return TransactionPage.read(store, tenant, metric, requireNonNull(range, "range"), creditPrice, pageSize, cursor);
  }

  /**
   * {@return the credit usage page for the last 30 days, first page of call logs} Needs {@code
   * billing:manage}.
   *
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   */
  public CreditUsageReport creditUsage(Caller caller, TenantId tenant) {
    return creditUsage(caller, tenant, BillablePeriod.LAST_30_DAYS, 1, CreditUsageReport.DEFAULT_CALL_LOG_PAGE_SIZE);
  }

  /**
   * {@return the credit usage page for a preset period with one page of call logs} Needs {@code
   * billing:manage}.
   *
   * @param page the call-log page, from 1
   * @param pageSize call-log entries per page, 1 to 100
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param period the preset, resolved with {@link #range(TenantId, BillablePeriod)}
   */
  public CreditUsageReport creditUsage(Caller caller, TenantId tenant, BillablePeriod period, int page, int pageSize) {
    return creditUsage(caller, tenant, range(tenant, period), page, pageSize);
  }

  /**
   * {@return the credit usage page over {@code range} with one page of call logs} Needs {@code
   * billing:manage}.
   *
   * @param page the call-log page, from 1
   * @param pageSize call-log entries per page, 1 to 100
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public CreditUsageReport creditUsage(Caller caller, TenantId tenant, UsageRange range, int page, int pageSize) {
    return creditUsage(caller, tenant, range, CreditUsageReport.Focus.all(), page, pageSize);
  }

  /**
   * {@return the credit usage page over {@code range}, narrowed to an assistant or a campaign,
   * with one page of call logs} Needs {@code billing:manage}.
   *
   * @param focus what the usage parts are narrowed to; the wallet's parts stay whole
   * @param page the call-log page, from 1
   * @param pageSize call-log entries per page, 1 to 100
   * @param caller who asks: must be of {@code tenant} and hold {@code billing:manage}
   * @param tenant whose usage
   * @param range the days, inclusive, in the range's zone
   */
  public CreditUsageReport creditUsage(Caller caller, TenantId tenant, UsageRange range, CreditUsageReport.Focus focus,
      int page, int pageSize) {
    check(caller, tenant, Scope.BILLING_MANAGE);
    return CreditUsageReport.compute(store, ledger, tenant, requireNonNull(range, "range"),
        requireNonNull(focus, "focus"), page, pageSize, CreditUsageReport.DEFAULT_RECENT_ACTIVITY_LIMIT);
  }

  /** Computes one of the reports that need {@code analytics:read}, after checking the caller. */
  private <R> R analytics(Caller caller, TenantId tenant, UsageRange range, RangeReport<R> report) {
    check(caller, tenant, Scope.ANALYTICS_READ);
    return report.compute(store, tenant, requireNonNull(range, "range"));
  }

  /** How a report over a range is computed from the store. */
  @FunctionalInterface
  private interface RangeReport<R> {
    R compute(UsageStore store, TenantId tenant, UsageRange range);
  }

  private static void check(Caller caller, TenantId tenant, Scope scope) {
    checkTenant(caller, tenant);
    if (!caller.has(scope)) {
      throw new ReportAccessDeniedException("this report needs scope " + scope.key());
    }
  }

  private static void checkTenant(Caller caller, TenantId tenant) {
    requireNonNull(caller, "caller");
    requireNonNull(tenant, "tenant");
    if (!caller.tenant().equals(tenant)) {
      // Says nothing of the other tenant, not even whether it exists.
      throw new ReportAccessDeniedException("a caller may read only its own workspace's reports");
    }
  }

  /**
   * Builds {@link UsageReports}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final UsageStore store;
    private TenantAccounts accounts = TenantAccounts.NONE;
    private Optional<Ledger> ledger = Optional.empty();
    private InventoryProvider inventory = InventoryProvider.NONE;
    private Clock clock = Clock.systemUTC();
    private int billingAnchorDay = 1;
    private Optional<CreditPrice> creditPrice = Optional.empty();

    private Builder(UsageStore store) {
      this.store = requireNonNull(store, "store");
    }

    /**
     * Sets the tenants' plans, for billable metrics and the credit page's plan health.
     *
     * @param accounts each tenant's plan and billing anchor day
     * @return this builder
     */
    public Builder accounts(TenantAccounts accounts) {
      this.accounts = requireNonNull(accounts, "accounts");
      return this;
    }

    /**
     * Sets the ledger that balances, plan health and grants are read from; by default the store's
     * own ledger, read with this builder's accounts and clock and the default thresholds.
     *
     * @param ledger where wallets' balances, grants and entries are read
     * @return this builder
     */
    public Builder ledger(Ledger ledger) {
      this.ledger = Optional.of(requireNonNull(ledger, "ledger"));
      return this;
    }

    /**
     * Sets where the summary's inventory (agents, numbers, widgets, datasets) comes from.
     *
     * @param inventory gives each tenant's counts of agents, numbers, widgets and datasets
     * @return this builder
     */
    public Builder inventory(InventoryProvider inventory) {
      this.inventory = requireNonNull(inventory, "inventory");
      return this;
    }

    /**
     * Sets the clock default ranges are computed from; defaults to the system clock.
     *
     * @param clock the source of "today" for default ranges and presets
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the day of the month billing periods start on, 1 to 31, for tenants whose {@link
     * TenantAccounts#billingAnchorDay} is empty; defaults to 1.
     *
     * @param day the day of the month, 1 to 31; in shorter months the period starts on the last day
     * @return this builder
     */
    public Builder billingAnchorDay(int day) {
      if (day < 1 || day > 31) {
        throw new IllegalArgumentException("billing anchor day must be 1 to 31 but was " + day);
      }
      this.billingAnchorDay = day;
      return this;
    }

    /**
     * Sets the price of a credit, to show costs in money on billable metrics.
     *
     * @param price what one credit costs in money
     * @return this builder
     */
    public Builder creditPrice(CreditPrice price) {
      this.creditPrice = Optional.of(requireNonNull(price, "price"));
      return this;
    }

    /** {@return the reports} */
    public UsageReports build() {
      return new UsageReports(this);
    }
  }
}
