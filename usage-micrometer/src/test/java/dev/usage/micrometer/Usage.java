package dev.usage.micrometer;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;

/** Events, prices and meter readings the tests share. */
final class Usage {

  static final TenantId ACME = TenantId.of("acme", "support");
  static final TenantId GLOBEX = TenantId.of("globex", "sales");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-04-25T00:00:00Z");
  static final Instant AT = Instant.parse("2026-04-20T10:00:00Z");
  /** A metric no engine catalogue holds. */
  static final Metric STRANGER = Metric.custom("client:made-up", Unit.COUNT, Aggregation.SUM, 0, "made up");
  /** SMS cost 2 credits each, calls nothing. */
  static final CreditCalculator CALCULATOR = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-04", APRIL).rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1)).rate(Metrics.CALLS, Rate.of(0, 1))
          .build())).build();

  private Usage() {}

  static UsageEvent sms(TenantId tenant, String id, Instant at, long segments) {
    return UsageEvent.builder(EventId.of(id), tenant, Metrics.SMS_OUTBOUND).at(at).quantity(segments).build();
  }

  static UsageEvent event(TenantId tenant, String id, Metric metric, Instant at) {
    return UsageEvent.builder(EventId.of(id), tenant, metric).at(at).quantity(1).build();
  }

  /** Returns the count of {@value MicrometerUsageListener#EVENTS} with these tags, 0 if never counted. */
  static double events(MeterRegistry registry, String outcome, String reason, String metric) {
    var counter = registry.find(MicrometerUsageListener.EVENTS)
        .tags("outcome", outcome, "reason", reason, "metric", metric).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Returns how many store operations of this kind and outcome were timed, 0 if none. */
  static long timed(MeterRegistry registry, String operation, String outcome) {
    var timer = registry.find(MicrometerUsageListener.STORE_OPERATIONS)
        .tags("operation", operation, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }
}
