package dev.usage.spring.sample;

import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application as a team adopting the library writes it: H2, its own Flyway
 * migration ({@code db/migration/V1__app.sql}), the starter, and nothing of the library's but its
 * rate card. The starter brings the store, the engine and the reports.
 */
@SpringBootApplication
public class SampleApplication {

  /** The sample's "now": the engine and the reports tell time by the {@link Clock} bean. */
  public static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** One credit per minute of a call; the call itself and its inbound minutes are free. */
  @Bean
  CreditCalculator creditCalculator() {
    RateCard card = RateCard.builder("sample", Instant.parse("2026-01-01T00:00:00Z"))
        .rate(Metrics.CALLS, Rate.of(0, 1))
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60))
        .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 60))
        .build();
    return CreditCalculator.builder().rateCards(RateCardHistory.of(card)).build();
  }
}
