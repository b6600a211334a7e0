package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.wallet.DepletionForecast;
import dev.usage.wallet.HealthBand;
import dev.usage.wallet.Ledger;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The wallet a tenant draws from, as the credit pages show it beside their figures: what is left,
 * its {@link HealthBand} (warning before it runs low, critical before it runs out; 75 % and 90 %
 * of the granted credits used by default), and when it runs out at the recent rate of spend.
 *
 * <p>As JSON: {@code band} ({@code ok}, {@code warning} or {@code critical}), {@code
 * average_daily_burn} (credits a day over the last {@linkplain DepletionForecast#DEFAULT_WINDOW 7
 * days}), {@code runs_out_on} ({@code YYYY-MM-DD}, or {@code null} when nothing is spent) and
 * {@code days_left}. The balance itself is the report's {@code available_credits} or {@code
 * wallet_balance}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param available the credits left
 * @param band how low they are
 * @param averageDailyBurn credits spent a day, on average, over the forecast's window
 * @param runsOutOn the day the balance runs out at that rate, if anything is spent
 * @param daysLeft the days until then, if anything is spent
 */
@JsonPropertyOrder({"band", "average_daily_burn", "runs_out_on", "days_left"})
public record BalanceOutlook(
    @JsonIgnore Credits available,
    @JsonIgnore HealthBand band,
    @JsonProperty("average_daily_burn") Credits averageDailyBurn,
    @JsonIgnore Optional<LocalDate> runsOutOn,
    @JsonIgnore Optional<Long> daysLeft) {

  /**
   * Validates.
   *
   * @param available the credits left
   * @param band how low they are
   * @param averageDailyBurn credits spent a day, on average, over the forecast's window
   * @param runsOutOn the day the balance runs out at that rate, if anything is spent
   * @param daysLeft the days until then, if anything is spent
   */
  public BalanceOutlook {
    requireNonNull(available, "available");
    requireNonNull(band, "band");
    requireNonNull(averageDailyBurn, "averageDailyBurn");
    requireNonNull(runsOutOn, "runsOutOn");
    requireNonNull(daysLeft, "daysLeft");
  }

  /**
   * Returns the outlook of the wallet a tenant draws from, as of the ledger's clock.
   *
   * @param ledger the credit ledger
   * @param tenant a workspace
   * @return the outlook, or empty if the tenant draws from no wallet
   */
  static Optional<BalanceOutlook> of(Ledger ledger, TenantId tenant) {
    return ledger.balance(tenant).flatMap(balance -> ledger.forecast(tenant, DepletionForecast.DEFAULT_WINDOW)
        .map(f -> new BalanceOutlook(balance.available(), balance.band(), f.averageDailyBurn(), f.depletionDate(),
            f.daysLeft())));
  }

  @JsonProperty("band")
  String bandJson() {
    return band.name().toLowerCase(Locale.ROOT);
  }

  @JsonProperty("runs_out_on")
  String runsOutOnJson() {
    return runsOutOn.map(LocalDate::toString).orElse(null);
  }

  @JsonProperty("days_left")
  Long daysLeftJson() {
    return daysLeft.orElse(null);
  }
}
