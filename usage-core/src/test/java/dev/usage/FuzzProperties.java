package dev.usage;

import static dev.usage.FailsCleanly.answerOrFailCleanly;
import static dev.usage.FailsCleanly.assertFailsCleanly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Rate;
import dev.usage.sms.SmsAnalysis;
import dev.usage.sms.SmsSegments;
import dev.usage.spi.ScanCursor;
import dev.usage.time.InstantRange;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Feeds every public entry point that takes outside data with hostile input: each call answers
 * correctly or fails the documented way, with the bad value in the message.
 */
class FuzzProperties {

  private static final TenantId TENANT = TenantId.of("acme", "support");

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789-/:.TZ+ e[]min per\\'\"").ofMaxLength(30),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5),
        Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMinLength(1).ofMaxLength(5),
        Arbitraries.of("", " ", "\u0000", "\ud800", "\udc00x", "NaN", "-0", "1e2147483647",
            "1E-2147483648", "99999999999999999999", "-9223372036854775808",
            "9223372036854775807", "2026-02-30", "+10000-01-01", "0000-01-01", "9999-12-31",
            "2026-04-01/2026-04-30[Mars/Olympus]", "2026-04-01/2026-04-30[", "/", "//",
            "60/6 min 999999999", "999999999/999999999", "0/0", "1 per 0",
            "1 per 99999999999999999999", "'; DROP TABLE usage_events; --", "' OR '1'='1",
            "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z"));
  }

  @Provide
  Arbitrary<BigDecimal> extremeDecimals() {
    Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.valueOf(-1_000_000), BigInteger.valueOf(1_000_000)),
        Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TEN.pow(40),
            BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MIN_VALUE)));
    Arbitrary<Integer> scale = Arbitraries.oneOf(
        Arbitraries.integers().between(-30, 30),
        Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 7,
            Integer.MAX_VALUE, Integer.MAX_VALUE - 3, -1_000_000_000, 1_000_000_000));
    return net.jqwik.api.Combinators.combine(unscaled, scale).as(BigDecimal::new);
  }

  // ---- text entry points

  @Property(tries = 500)
  void smsAnalyze_anyText(@ForAll("hostile") String text) {
    SmsAnalysis sms = SmsSegments.analyze(text);

    assertThat(String.join("", sms.segments())).isEqualTo(text);
    assertThat(sms.segmentCount()).isEqualTo(sms.segments().size()).isPositive();
    assertThat(SmsSegments.segmentCount(text)).isEqualTo(sms.segmentCount());
  }

  @Property(tries = 500)
  void eventId_of(@ForAll("hostile") String text) {
    answerOrFailCleanly(() -> EventId.of(text), text)
        .ifPresent(id -> assertThat(id.value()).isEqualTo(text));
  }

  @Property(tries = 500)
  void tenantId_of(@ForAll("hostile") String org, @ForAll("hostile") String workspace) {
    answerOrFailCleanly(() -> TenantId.of(org, "w"), org)
        .ifPresent(t -> assertThat(t.organization()).isEqualTo(org));
    answerOrFailCleanly(() -> TenantId.of("o", workspace), workspace)
        .ifPresent(t -> assertThat(t.workspace()).isEqualTo(workspace));
  }

  @Property(tries = 500)
  void channel_of(@ForAll("hostile") String text) {
    answerOrFailCleanly(() -> Channel.of(text), text)
        .ifPresent(c -> assertThat(c.name()).isEqualTo(text));
  }

  @Property(tries = 500)
  void dimensions_values(@ForAll("hostile") String value) {
    for (DimensionKey key : DimensionKey.values()) {
      answerOrFailCleanly(() -> Dimensions.builder().set(key, value).build(), value)
          .ifPresent(d -> assertThat(d.get(key)).contains(value));
    }
  }

  @Property(tries = 500)
  void dimensions_customKeys(@ForAll("hostile") String key, @ForAll("hostile") String value) {
    answerOrFailCleanly(() -> Dimensions.builder().custom(key, "v").build(), key)
        .ifPresent(d -> assertThat(d.custom(key)).contains("v"));
    answerOrFailCleanly(() -> Dimensions.builder().custom("acme:region", value).build(), value)
        .ifPresent(d -> assertThat(d.custom("acme:region")).contains(value));
  }

  @Property(tries = 500)
  void metric_keys(@ForAll("hostile") String key) {
    answerOrFailCleanly(() -> Metric.custom(key, Unit.COUNT, Aggregation.SUM), key)
        .ifPresent(m -> assertThat(m.key()).isEqualTo(key));
    answerOrFailCleanly(() -> Metric.custom("acme:" + key, Unit.COUNT, Aggregation.SUM), key)
        .ifPresent(m -> assertThat(m.key()).isEqualTo("acme:" + key));
  }

  @Property(tries = 500)
  void usageRange_parse(@ForAll("hostile") String a, @ForAll("hostile") String b) {
    answerOrFailCleanly(() -> UsageRange.parse(a), parts(a))
        .ifPresent(r -> assertThat(r.toString()).isEqualTo(a));
    answerOrFailCleanly(() -> UsageRange.parse(a, "2026-04-30"), a)
        .ifPresent(r -> assertThat(r.start().toString()).isEqualTo(a));
    answerOrFailCleanly(() -> UsageRange.parse("2026-04-01", b), b)
        .ifPresent(r -> assertThat(r.endInclusive().toString()).isEqualTo(b));
  }

  /** The values a message about a range text may quote: the whole text or one of its parts. */
  private static String[] parts(String text) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(text),
        java.util.Arrays.stream(text.split("[/\\[\\]]", -1))).toArray(String[]::new);
  }

  @Property(tries = 500)
  void instantRange_parse(@ForAll("hostile") String a) {
    answerOrFailCleanly(() -> InstantRange.parse(a), parts(a))
        .ifPresent(r -> assertThat(InstantRange.parse(r.toString())).isEqualTo(r));
    answerOrFailCleanly(() -> InstantRange.parse(a, "2026-04-02T00:00:00Z"), a)
        .ifPresent(r -> assertThat(r.dayCount()).isBetween(1, UsageRange.MAX_DAYS));
    answerOrFailCleanly(() -> InstantRange.parse("2026-04-01T00:00:00Z", a), a)
        .ifPresent(r -> assertThat(r.dayCount()).isBetween(1, UsageRange.MAX_DAYS));
  }

  @Property(tries = 500)
  void numberParsers(@ForAll("hostile") String text) {
    answerOrFailCleanly(() -> BillingIncrement.parse(text), text)
        .ifPresent(i -> assertThat(BillingIncrement.parse(i.toString())).isEqualTo(i));
    answerOrFailCleanly(() -> Credits.parse(text), text)
        .ifPresent(c -> assertThat(Credits.parse(c.toString())).isEqualTo(c));
    answerOrFailCleanly(() -> Rate.parse(text), text)
        .ifPresent(r -> assertThat(Rate.parse(r.toString())).isEqualTo(r));
    answerOrFailCleanly(() -> CreditMultiplier.parse(text), text)
        .ifPresent(m -> assertThat(CreditMultiplier.parse(m.toString())).isEqualTo(m));
  }

  @Property(tries = 500)
  void scanCursor_decode(@ForAll("hostile") String text) {
    answerOrFailCleanly(() -> ScanCursor.decode(text), text)
        .ifPresent(c -> assertThat(ScanCursor.decode(c.encode())).isEqualTo(c));
  }

  @Property(tries = 300)
  void scanCursor_decode_encodedGarbage(@ForAll("hostile") String secs, @ForAll("hostile") String id) {
    String text = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString((secs + "\n0\n" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    answerOrFailCleanly(() -> ScanCursor.decode(text), text)
        .ifPresent(c -> assertThat(ScanCursor.decode(c.encode())).isEqualTo(c));
  }

  // ---- decimals with huge or negative scale

  @Property(tries = 500)
  void decimals(@ForAll("extremeDecimals") BigDecimal value) {
    long digits = value.precision() - (long) value.scale();
    String shown = digits > 40 || value.scale() > 40 ? value.toString() : value.toPlainString();
    answerOrFailCleanly(() -> Credits.of(value), shown)
        .ifPresent(c -> assertThat(c.toBigDecimal().compareTo(value)).isZero());
    answerOrFailCleanly(() -> Rate.of(value, 1), shown)
        .ifPresent(r -> assertThat(r.credits().compareTo(value)).isZero());
    answerOrFailCleanly(() -> CreditMultiplier.of(value), shown)
        .ifPresent(m -> assertThat(m.value().compareTo(value)).isZero());
  }

  // ---- quantities, instants and dates at the limits

  @Provide
  Arbitrary<Instant> extremeInstants() {
    return Arbitraries.oneOf(
        Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH,
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")),
        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
            .map(Instant::ofEpochSecond));
  }

  @Provide
  Arbitrary<Long> extremeLongs() {
    return Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2 + 1));
  }

  @Property(tries = 500)
  void usageEvent_builder(@ForAll("extremeInstants") Instant at, @ForAll("extremeLongs") long quantity) {
    answerOrFailCleanly(() -> UsageEvent.builder(EventId.of("e"), TENANT, Metrics.CALLS)
        .at(at).quantity(quantity).build(), Long.toString(quantity))
        .ifPresent(e -> {
          assertThat(e.quantity()).isEqualTo(quantity).isNotNegative();
          assertThat(e.occurredAt()).isEqualTo(at);
        });
  }

  @Property(tries = 500)
  void usageFacts_hugeTokens(@ForAll("extremeLongs") long prompt, @ForAll("extremeLongs") long completion,
      @ForAll("extremeInstants") Instant at) {
    List<UsageEvent> events = answerOrFailCleanly(() -> UsageFacts.aiCompletion(EventId.of("r"), TENANT, at,
        "openai", "gpt-4o", ModelType.CHAT, TokenCounts.of(prompt, completion), Dimensions.none()),
        prompt < 0 ? Long.toString(prompt) : Long.toString(completion)).orElse(List.of());
    for (UsageEvent e : events) {
      if (e.metric().equals(Metrics.PROMPT_TOKENS) || e.metric().equals(Metrics.COMPLETION_TOKENS)) {
        assertThat(e.quantity()).isIn(prompt, completion);
      }
      assertThat(e.quantity()).isNotNegative();
    }
  }

  @Property(tries = 500)
  void usageFacts_extremeCalls(@ForAll("extremeInstants") Instant start, @ForAll("extremeInstants") Instant end) {
    String bad = end.toString();
    answerOrFailCleanly(() -> UsageFacts.call(EventId.of("c"), TENANT, Channel.PHONE,
        dev.usage.event.Direction.INBOUND, dev.usage.event.CallOutcome.finished(start, end),
        Dimensions.none()), bad)
        .ifPresent(events -> {
          for (UsageEvent e : events) {
            assertThat(e.quantity()).isNotNegative();
            if (e.metric().equals(Metrics.VOICE_MINUTES)) {
              long secs = Duration.between(start, end).getSeconds();
              assertThat(e.quantity()).isBetween(secs, secs + 1);
            }
          }
        });
  }

  @Property(tries = 300)
  void billingIncrement_hugeDurations(@ForAll("extremeLongs") long seconds,
      @ForAll @IntRange(min = 1, max = 3600) int block) {
    BillingIncrement inc = BillingIncrement.every(Duration.ofSeconds(block));
    answerOrFailCleanly(() -> inc.billableSeconds(Duration.ofSeconds(seconds)), Duration.ofSeconds(seconds).toString())
        .ifPresent(billed -> assertThat(billed - seconds).isBetween(0L, block - 1L));
  }

  @Property(tries = 300)
  void usageRange_extremeDates(@ForAll("extremeInstants") Instant a, @ForAll @IntRange(min = -2, max = 400) int days) {
    net.jqwik.api.Assume.that(a.isAfter(LocalDate.MIN.plusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
        && a.isBefore(LocalDate.MAX.minusDays(400).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    LocalDate start = LocalDate.ofInstant(a, java.time.ZoneOffset.UTC);
    LocalDate end = start.plusDays(days);
    answerOrFailCleanly(() -> UsageRange.of(start, end), start.getYear() < 0 || start.getYear() > 9999
        ? start.toString() : end.toString())
        .ifPresent(r -> {
          assertThat(r.dayCount()).isEqualTo(days + 1).isLessThanOrEqualTo(UsageRange.MAX_DAYS);
          assertThat(UsageRange.parse(r.toString())).isEqualTo(r);
        });
  }

  // ---- the documented limits, exactly

  @Example
  void usageRange_limits() {
    assertThat(UsageRange.parse("2024-01-01", "2024-12-31").dayCount()).isEqualTo(366);
    assertFailsCleanly(() -> UsageRange.parse("2024-01-01", "2025-01-01"), "367");
    assertFailsCleanly(() -> UsageRange.parse("2026-03-05", "2026-03-01"), "2026-03-01");
    assertFailsCleanly(() -> UsageRange.parse("2026-03-05/2026-03-01"), "2026-03-01");
    assertFailsCleanly(() -> InstantRange.parse("2026-03-05T00:00:00Z", "2026-03-05T00:00:00Z"),
        "2026-03-05T00:00:00Z");
    assertFailsCleanly(() -> UsageRange.of(LocalDate.of(10000, 1, 1), LocalDate.of(10000, 1, 2)),
        "+10000-01-01");
    assertFailsCleanly(() -> InstantRange.of(Instant.MIN, Instant.EPOCH), Instant.MIN.toString());
    assertFailsCleanly(() -> InstantRange.of(Instant.EPOCH, Instant.MAX), Instant.MAX.toString());
  }

  @Example
  void nulls_nameTheParameter() {
    assertFailsCleanly(() -> SmsSegments.analyze(null), "text");
    assertFailsCleanly(() -> EventId.of(null), "value");
    assertFailsCleanly(() -> TenantId.of(null, "w"), "organization");
    assertFailsCleanly(() -> TenantId.of("o", null), "workspace");
    assertFailsCleanly(() -> Channel.of(null), "name");
    assertFailsCleanly(() -> Dimensions.builder().custom("acme:x", null), "acme:x");
    assertFailsCleanly(() -> Dimensions.builder().custom(null, "v"), "key");
    assertFailsCleanly(() -> Dimensions.builder().provider(null), "provider");
    assertFailsCleanly(() -> Metric.custom(null, Unit.COUNT, Aggregation.SUM), "key");
    assertFailsCleanly(() -> UsageRange.parse(null), "text");
    assertFailsCleanly(() -> UsageRange.parse(null, "2026-04-01"), "start");
    assertFailsCleanly(() -> UsageRange.parse("2026-04-01", null), "endInclusive");
    assertFailsCleanly(() -> InstantRange.parse(null), "text");
    assertFailsCleanly(() -> BillingIncrement.parse(null), "text");
    assertFailsCleanly(() -> Credits.parse(null), "text");
    assertFailsCleanly(() -> Credits.of((BigDecimal) null), "credits");
    assertFailsCleanly(() -> Rate.parse(null), "text");
    assertFailsCleanly(() -> Rate.of(null, 1), "credits");
    assertFailsCleanly(() -> CreditMultiplier.parse(null), "text");
    assertFailsCleanly(() -> CreditMultiplier.of(null), "value");
    assertFailsCleanly(() -> ScanCursor.decode(null), "cursor");
    assertFailsCleanly(() -> UsageEvent.builder(null, TENANT, Metrics.CALLS), "id");
    assertFailsCleanly(() -> UsageEvent.builder(EventId.of("e"), null, Metrics.CALLS), "tenant");
    assertFailsCleanly(() -> UsageEvent.builder(EventId.of("e"), TENANT, null), "metric");
    assertFailsCleanly(() -> UsageEvent.builder(EventId.of("e"), TENANT, Metrics.CALLS).at(null),
        "occurredAt");
  }
}
