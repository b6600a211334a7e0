package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.DimensionKey;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.sms.SmsSegments;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ActivityGeneratorTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-10");
  private static final Instant END = Instant.parse("2026-11-11T00:00:00Z");
  private final Workspace acme = Workspace.first(1).get(0);

  @Test
  void day_sameSeed_givesTheSameEvents() {
    List<UsageEvent> a = new ActivityGenerator(42, 500).day(acme, DAY, END);
    List<UsageEvent> b = new ActivityGenerator(42, 500).day(acme, DAY, END);

    assertThat(a).isEqualTo(b).isNotEmpty();
    assertThat(new ActivityGenerator(43, 500).day(acme, DAY, END)).isNotEqualTo(a);
  }

  @Test
  void day_eventsLieInTheDay_inTimeOrder_withIdsStartingWithTheDay() {
    List<UsageEvent> events = new ActivityGenerator(42, 500).day(acme, DAY, END);

    assertThat(events).allSatisfy(e -> {
      assertThat(e.id().value()).startsWith("2026-11-10/");
      assertThat(LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC)).isEqualTo(DAY);
    });
    assertThat(events).isSortedAccordingTo((x, y) -> x.occurredAt().compareTo(y.occurredAt()));
    assertThat(events.stream().map(UsageEvent::id).distinct()).hasSameSizeAs(events);
  }

  @Test
  void day_notAfter_keepsTheEarlierEventsUnchanged() {
    ActivityGenerator g = new ActivityGenerator(42, 500);
    Instant noon = Instant.parse("2026-11-10T12:00:00Z");

    List<UsageEvent> morning = g.day(acme, DAY, noon);

    assertThat(morning).isNotEmpty().allSatisfy(e -> assertThat(e.occurredAt()).isBefore(noon));
    assertThat(g.day(acme, DAY, END)).startsWith(morning.toArray(UsageEvent[]::new));
  }

  @Test
  void week_hasTheVarietyOfARealPlatform() {
    ActivityGenerator g = new ActivityGenerator(42, 2_000);
    List<UsageEvent> week = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      week.addAll(g.day(acme, DAY.plusDays(i), Instant.MAX));
    }

    assertThat(values(week, DimensionKey.CHANNEL)).contains("phone", "voice", "web_chat", "whatsapp", "messenger",
        "instagram", "telegram", "sms");
    assertThat(values(week, DimensionKey.PROVIDER)).contains("openai", "anthropic", "google", "deepgram", "elevenlabs");
    assertThat(values(week, DimensionKey.MODEL)).contains("gpt-4o", "gpt-4o-mini", "gpt-4o-realtime-preview");
    assertThat(values(week, DimensionKey.MODEL_TYPE)).containsExactlyInAnyOrder("chat", "realtime");
    assertThat(values(week, DimensionKey.MEMBER)).containsAll(acme.members());
    assertThat(values(week, DimensionKey.CAMPAIGN)).isNotEmpty();
    assertThat(metrics(week)).contains(Metrics.MISSED_CALLS.key(), Metrics.CACHED_TOKENS.key(),
        Metrics.AUDIO_OUTPUT_TOKENS.key(), Metrics.STT_SECONDS.key(), Metrics.TTS_CHARACTERS.key(),
        Metrics.WORKFLOW_RUNS_FAILED.key(), Metrics.SMS_INBOUND.key(), Metrics.AI_SMS_REPLIES.key(),
        Metrics.CONCURRENT_CALLS.key());
    // some texts need UCS-2 (emoji, Ł) and some run to several segments
    long segments = week.stream().filter(e -> e.metric().equals(Metrics.SMS_OUTBOUND)).mapToLong(
        UsageEvent::quantity).max().orElse(0);
    assertThat(segments).isGreaterThan(1);
    assertThat(SmsSegments.analyze("Merci beaucoup 🙏").encoding().name()).isEqualTo("UCS_2");
    // durations vary as calls do: many short ones and a long tail
    List<Long> seconds = week.stream().filter(e -> e.metric().equals(Metrics.VOICE_MINUTES))
        .map(UsageEvent::quantity).sorted().toList();
    long median = seconds.get(seconds.size() / 2);
    assertThat(median).isBetween(60L, 240L);
    assertThat(seconds.get(seconds.size() - 1)).isGreaterThan(4 * median);
  }

  private static Set<String> values(List<UsageEvent> events, DimensionKey key) {
    return events.stream().map(e -> e.dimensions().valueOrNull(key)).filter(v -> v != null)
        .collect(Collectors.toSet());
  }

  private static Set<String> metrics(List<UsageEvent> events) {
    return events.stream().map(e -> e.metric().key()).collect(Collectors.toSet());
  }
}
