package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.pricing.CreditPrice;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Money;
import dev.usage.time.UsageRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The billable metrics of a whole organization over a range: each metric that any of its
 * workspaces' plans shows, added up over the workspaces, and what each workspace spent.
 *
 * <p>A metric's units and credits add up day by day; a peak metric (concurrent calls) adds the
 * workspaces' peaks, an upper bound of their joint peak. Its transactions are the newest of all
 * workspaces'. Metrics come in the order the workspaces' reports first show them.
 *
 * <p>As JSON: {@code start_date}, {@code end_date}, {@code zone}, {@code organization}, {@code
 * metrics} (as in {@link BillableMetricsReport}), {@code total_credits}, {@code total_cost} and
 * {@code workspaces} [{@code workspace, total_credits}].
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param organization whose workspaces
 * @param range the days covered
 * @param metrics every metric shown, added up over the workspaces
 * @param workspaces each workspace's own report, in the order named; not in the JSON, which has
 *     their totals
 * @param price the price of a credit the costs are in, if any; not in the JSON
 */
@JsonPropertyOrder({"range", "organization", "metrics", "total_credits", "total_cost", "workspaces"})
public record OrganizationBillableMetrics(
    @JsonProperty("organization") String organization,
    @JsonIgnore UsageRange range,
    @JsonProperty("metrics") List<BillableMetricsReport.MetricUsage> metrics,
    @JsonIgnore List<BillableMetricsReport> workspaces,
    @JsonIgnore Optional<CreditPrice> price) {

  /**
   * Validates and copies.
   *
   * @param organization whose workspaces
   * @param range the days covered
   * @param metrics every metric shown, added up over the workspaces
   * @param workspaces each workspace's own report, in the order named; not in the JSON, which has
   *     their totals
   * @param price the price of a credit the costs are in, if any; not in the JSON
   */
  public OrganizationBillableMetrics {
    requireNonNull(organization, "organization");
    requireNonNull(range, "range");
    requireNonNull(price, "price");
    metrics = List.copyOf(metrics);
    workspaces = List.copyOf(workspaces);
    for (BillableMetricsReport w : workspaces) {
      if (!w.tenant().organization().equals(organization) || !w.range().equals(range)) {
        throw new IllegalArgumentException("the report of " + w.tenant() + " over " + w.range()
            + " is not one of organization " + organization + " over " + range);
      }
    }
  }

  /** Adds up the reports of an organization's workspaces, all over one range and price. */
  static OrganizationBillableMetrics of(String organization, UsageRange range, List<BillableMetricsReport> reports,
      Optional<CreditPrice> price, int transactionLimit) {
    Map<String, BillableMetricsReport.MetricUsage> byMetric = new LinkedHashMap<>();
    for (BillableMetricsReport r : reports) {
      for (BillableMetricsReport.MetricUsage m : r.metrics()) {
        byMetric.merge(m.metric().key(), m, (a, b) -> a.plus(b, transactionLimit, price));
      }
    }
    return new OrganizationBillableMetrics(organization, range, new ArrayList<>(byMetric.values()), reports, price);
  }

  /** {@return the credits of every metric shown} */
  @JsonProperty("total_credits")
  public Credits totalCredits() {
    return Credits.sum(metrics.stream().map(BillableMetricsReport.MetricUsage::credits).toList());
  }

  /** {@return {@link #totalCredits()} in money, when priced} */
  public Optional<Money> totalCost() {
    return price.map(p -> p.toMoney(totalCredits()));
  }

  /** {@return what each workspace spent, in the order named} */
  @JsonProperty("workspaces")
  public List<WorkspaceSpend> workspaceSpend() {
    return workspaces.stream().map(w -> new WorkspaceSpend(w.tenant().workspace(), w.totalCredits())).toList();
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  @JsonProperty("total_cost")
  Money totalCostJson() {
    return totalCost().orElse(null);
  }

  /**
   * One workspace's spend in an organization's billable metrics.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param workspace the workspace
   * @param totalCredits the credits of its billable metrics
   */
  @JsonPropertyOrder({"workspace", "total_credits"})
  public record WorkspaceSpend(
      @JsonProperty("workspace") String workspace, @JsonProperty("total_credits") Credits totalCredits) {

    /**
     * Validates.
     *
     * @param workspace the workspace
     * @param totalCredits the credits of its billable metrics
     */
    public WorkspaceSpend {
      requireNonNull(workspace, "workspace");
      requireNonNull(totalCredits, "totalCredits");
    }
  }
}
