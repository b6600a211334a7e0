package dev.usage.report;

import static dev.usage.report.ReportFixture.elementFieldNames;
import static dev.usage.report.ReportFixture.fieldNames;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.UsageFacts;
import dev.usage.event.ModelType;
import dev.usage.event.TokenCounts;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AiUsageReportTest {

  static final UsageRange MAY = UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31));
  static final Instant MAY_2 = Instant.parse("2026-05-02T12:00:00Z");

  final ReportFixture fixture = new ReportFixture();

  void chatAndRealtime() {
    // 1000 prompt tokens of which 200 cached, 500 completion: 800 + 200 + 500 tokens.
    fixture.completion(MAY_2, "openai", "gpt-4o", ModelType.CHAT, new TokenCounts(1000, 500, 200, 0, 0));
    fixture.completion(MAY_2, "openai", "gpt-4o-mini", ModelType.CHAT, TokenCounts.of(2000, 1000));
    // 100 text prompt, 50 text completion, 300 audio in, 400 audio out.
    fixture.completion(MAY_2, "openai", "gpt-4o-realtime", ModelType.REALTIME,
        TokenCounts.of(100, 50).withAudio(300, 400));
    fixture.completion(MAY_2, "anthropic", "claude-haiku", ModelType.CHAT, TokenCounts.of(400, 100));
  }

  Credits recordedCredits() {
    return Credits.sum(fixture.recorded().stream().map(PricedEvent::credits).toList());
  }

  @Test
  @DisplayName("totals count every completion and every kind of token, cached and audio included")
  void compute_totals() {
    chatAndRealtime();

    AiUsageReport report = fixture.aiReport(MAY);

    assertThat(report.totalMessages()).isEqualTo(4);
    assertThat(report.totalTokens()).isEqualTo(1500 + 3000 + 850 + 500);
    assertThat(report.totalCachedTokens()).isEqualTo(200);
    assertThat(report.totalAudioInputTokens()).isEqualTo(300);
    assertThat(report.totalAudioOutputTokens()).isEqualTo(400);
    assertThat(report.totalCredits()).isEqualTo(recordedCredits()).isNotEqualTo(Credits.zero());
  }

  @Test
  @DisplayName("total_messages counts both sides of a conversation; the breakdowns count completions only")
  void compute_humanMessagesInTotalNotInBreakdowns() {
    chatAndRealtime();
    fixture.record(UsageFacts.humanMessage(EventId.of("msg-1"), ReportFixture.TENANT, MAY_2, Channel.WEB_CHAT,
        Dimensions.none()));
    fixture.record(UsageFacts.humanMessage(EventId.of("msg-2"), ReportFixture.TENANT, MAY_2, Channel.WHATSAPP,
        Dimensions.none()));

    AiUsageReport report = fixture.aiReport(MAY);

    assertThat(report.totalMessages()).isEqualTo(4 + 2);
    assertThat(report.humanMessages()).isEqualTo(2);
    assertThat(report.byProvider().stream().mapToLong(AiUsageReport.ProviderUsage::messages).sum()).isEqualTo(4);
    assertThat(report.byType().stream().mapToLong(AiUsageReport.TypeUsage::messages).sum()).isEqualTo(4);
    assertThat(json(report).get("total_messages").asLong()).isEqualTo(6);
  }

  @Test
  @DisplayName("usage is broken down by provider and by model type, the largest spend first")
  void compute_byProviderAndType() {
    chatAndRealtime();

    AiUsageReport report = fixture.aiReport(MAY);

    assertThat(report.byProvider()).extracting(AiUsageReport.ProviderUsage::provider)
        .containsExactly("openai", "anthropic");
    AiUsageReport.ProviderUsage openai = report.byProvider().get(0);
    assertThat(openai.messages()).isEqualTo(3);
    assertThat(openai.tokens()).isEqualTo(1500 + 3000 + 850);
    assertThat(report.byType()).extracting(AiUsageReport.TypeUsage::type).containsExactly("chat", "realtime");
    assertThat(report.byType()).extracting(AiUsageReport.TypeUsage::messages).containsExactly(3L, 1L);
    Credits byTypes = report.byType().get(0).credits().plus(report.byType().get(1).credits());
    assertThat(byTypes).isEqualTo(report.totalCredits());
  }

  @Test
  @DisplayName("top_models lists at most 10 models, ties ordered by tokens, then provider and model")
  void topModels_atMostTenWithDeterministicTies() {
    // Twelve models with 1 credit of prompt tokens each (no multiplier) and one message.
    for (int i = 11; i >= 0; i--) {
      fixture.completion(MAY_2, "zeta", String.format("m%02d", i), ModelType.CHAT, TokenCounts.of(1000, 0));
    }
    // The same credits from 2000 cached tokens at half price: more tokens, so it ranks first.
    fixture.completion(MAY_2, "zeta", "cached", ModelType.CHAT, new TokenCounts(2000, 0, 2000, 0, 0));
    // An equal tie under another provider ranks by provider name.
    fixture.completion(MAY_2, "alpha", "m99", ModelType.CHAT, TokenCounts.of(1000, 0));

    List<AiUsageReport.ModelUsage> top = fixture.aiReport(MAY).topModels();

    assertThat(top).hasSize(AiUsageReport.TOP_MODELS);
    assertThat(top).extracting(m -> m.provider() + "/" + m.model()).containsExactly(
        "zeta/cached", "alpha/m99", "zeta/m00", "zeta/m01", "zeta/m02", "zeta/m03", "zeta/m04", "zeta/m05",
        "zeta/m06", "zeta/m07");
    assertThat(fixture.aiReport(MAY).models()).hasSize(14);
  }

  @Test
  @DisplayName("merging ranks the models again from their merged totals")
  void merge_recomputesTopModels() {
    UsageRange april = UsageRange.of(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30));
    fixture.completion(Instant.parse("2026-04-10T00:00:00Z"), "openai", "small", ModelType.CHAT,
        TokenCounts.of(3000, 0));
    fixture.completion(Instant.parse("2026-04-10T00:00:00Z"), "openai", "large", ModelType.CHAT,
        TokenCounts.of(2000, 0));
    fixture.completion(MAY_2, "openai", "large", ModelType.CHAT, TokenCounts.of(2000, 0));

    AiUsageReport aprilReport = fixture.aiReport(april);
    AiUsageReport merged = aprilReport.merge(fixture.aiReport(MAY));

    assertThat(aprilReport.topModels()).extracting(AiUsageReport.ModelUsage::model).containsExactly("small", "large");
    assertThat(merged.topModels()).extracting(AiUsageReport.ModelUsage::model).containsExactly("large", "small");
    assertThat(merged).isEqualTo(fixture.aiReport(april.union(MAY)));
  }

  @Test
  @DisplayName("merge refuses a report that does not start the day after this one ends")
  void merge_nonAdjacentRange() {
    AiUsageReport may = fixture.aiReport(MAY);
    AiUsageReport july = fixture.aiReport(UsageRange.of(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 2)));

    assertThatThrownBy(() -> may.merge(july)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-07-01/2026-07-02").hasMessageContaining("2026-05-01/2026-05-31");
  }

  @Test
  @DisplayName("the default range is the last 30 UTC days, today included")
  void defaultRange_last30Days() {
    Clock clock = Clock.fixed(Instant.parse("2026-05-14T10:00:00Z"), ZoneOffset.UTC);

    assertThat(AiUsageReport.defaultRange(clock))
        .isEqualTo(UsageRange.of(LocalDate.of(2026, 4, 15), LocalDate.of(2026, 5, 14)));
  }

  @Test
  @DisplayName("a plain ObjectMapper writes exactly the documented field names, credits with six places")
  void json_fieldNames() {
    chatAndRealtime();
    AiUsageReport report = fixture.aiReport(MAY);

    JsonNode node = json(report);

    assertThat(fieldNames(node)).containsExactly("total_messages", "total_tokens", "total_cached_tokens",
        "total_audio_input_tokens", "total_audio_output_tokens", "total_credits", "by_provider", "by_type",
        "top_models");
    assertThat(elementFieldNames(node.get("by_provider")))
        .isEqualTo(Set.of(List.of("provider", "messages", "tokens", "credits")));
    assertThat(elementFieldNames(node.get("by_type"))).isEqualTo(Set.of(List.of("type", "messages", "tokens", "credits")));
    assertThat(elementFieldNames(node.get("top_models")))
        .isEqualTo(Set.of(List.of("provider", "model", "model_type", "messages", "tokens", "credits")));
    assertThat(node.get("total_credits").decimalValue()).isEqualTo(report.totalCredits().toBigDecimal());
    assertThat(node.get("total_credits").decimalValue().scale()).isEqualTo(6);
    assertThat(node.get("top_models").get(0).get("model_type").asText()).isIn("chat", "realtime");
  }

  @Test
  @DisplayName("an empty range gives zeros and empty lists, credits still as a decimal")
  void compute_empty() {
    JsonNode node = json(fixture.aiReport(MAY));

    assertThat(node.get("total_messages").asLong()).isZero();
    assertThat(node.get("total_credits").decimalValue()).isEqualTo(new BigDecimal("0.000000"));
    assertThat(node.get("top_models")).isEmpty();
  }
}
