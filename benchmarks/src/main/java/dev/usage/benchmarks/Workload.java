package dev.usage.benchmarks;

import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A month of usage of an AI voice, chat and SMS platform, generated from a seed: the input of the
 * store and pricing benchmarks, so that they all measure the same traffic.
 *
 * <p>The shape, chosen to look like such a platform's traffic rather than measured from one:
 *
 * <ul>
 *   <li>{@value #TENANTS} tenants whose sizes follow Zipf's law with exponent 1: the largest,
 *       {@link #REPORTED_TENANT}, holds 22 % of the events, the smallest 0.4 %.
 *   <li>{@value #DAYS} days, March 2026 in UTC; weekday business hours are busiest, nights a fifth
 *       of that, weekends 40 % of weekdays. Facts arrive in time order, as a live platform records
 *       them.
 *   <li>Facts, each expanded into events by {@link UsageFacts}: 28 % finished calls (voice or
 *       phone, 60 % inbound, log-normal durations with a median of 95 s), 25 % SMS (65 %
 *       outbound, one to a few segments), 32 % model completions over six models, half of them
 *       with cached prompt tokens, 10 % speech to text and 5 % text to speech. That is about 2.5
 *       events per fact over the {@value #METRIC_COUNT} {@link #METRICS}.
 *   <li>Every event carries a channel and a direction, so that breakdowns by them have no gaps.
 * </ul>
 *
 * <p>Events are priced with {@link #calculator()}: four rate-card versions over the month, token
 * multipliers for five of the six models, a cached-token factor and per-minute call increments
 * that become per-half-minute mid-month.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Workload {

  /** The seed of every benchmark's data, so that runs compare like with like. */
  public static final long SEED = 20_260_301L;

  /** How many tenants share the store. */
  public static final int TENANTS = 50;

  /** The tenant whose reports are measured: the largest, with 22 % of the events. */
  public static final int REPORTED_TENANT = 0;

  /** The first day of the month of data. */
  public static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);

  /** The days of the month of data. */
  public static final int DAYS = 31;

  /** The month, in UTC. */
  public static final UsageRange MONTH = UsageRange.of(FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1));

  /** The first instant of the month. */
  public static final Instant START = MONTH.startInstant();

  /** The instant after the month. */
  public static final Instant END = MONTH.endInstant();

  /** The metrics the facts produce, in a fixed order: index {@code i} is metric {@code i}. */
  public static final List<Metric> METRICS = List.of(
      Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.INBOUND_MINUTES,
      Metrics.SMS_OUTBOUND, Metrics.SMS_INBOUND, Metrics.SMS_CHARACTERS,
      Metrics.AI_MESSAGES, Metrics.PROMPT_TOKENS, Metrics.CACHED_TOKENS, Metrics.COMPLETION_TOKENS,
      Metrics.STT_SECONDS, Metrics.TTS_CHARACTERS);

  /** How many metrics the events use. */
  public static final int METRIC_COUNT = 12;

  /** The channels the facts happen on: index {@code i} is channel {@code i}. */
  public static final List<Channel> CHANNELS =
      List.of(Channel.VOICE, Channel.PHONE, Channel.WEB_CHAT, Channel.WHATSAPP, Channel.SMS);

  private static final Map<Metric, Integer> METRIC_INDEX = new IdentityHashMap<>();
  private static final TenantId[] TENANT_IDS = new TenantId[TENANTS];
  private static final double[] TENANT_CDF = new double[TENANTS];
  private static final double[] HOUR_CDF = new double[DAYS * 24];
  private static final int PHONES_PER_TENANT = 5;
  /** Each tenant's phone numbers, as dimensions. */
  private static final Dimensions[] PHONES = new Dimensions[TENANTS * PHONES_PER_TENANT];
  /** Channel and direction, as dimensions: index {@code channel * 2 + direction.ordinal()}. */
  private static final Dimensions[] WHERE = new Dimensions[CHANNELS.size() * 2];

  /** Provider, model and share of completions; the last has no multiplier on the cards. */
  private static final String[][] MODELS = {
    {"openai", "gpt-4o-mini"}, {"openai", "gpt-4o"}, {"anthropic", "claude-3-5-sonnet"},
    {"anthropic", "claude-3-5-haiku"}, {"google", "gemini-1.5-flash"}, {"mistral", "mistral-large"}};

  private static final double[] MODEL_CDF = cdf(40, 20, 15, 10, 10, 5);

  /** Every model the events name: the six chat models, then speech to text and text to speech. */
  public static final List<String> MODEL_NAMES = List.of("gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet",
      "claude-3-5-haiku", "gemini-1.5-flash", "mistral-large", "nova-2", "eleven_turbo_v2");

  static {
    for (int i = 0; i < METRICS.size(); i++) {
      METRIC_INDEX.put(METRICS.get(i), i);
    }
    double[] weights = new double[TENANTS];
    for (int i = 0; i < TENANTS; i++) {
      TENANT_IDS[i] = TenantId.of("org-" + (1000 + i), "main");
      weights[i] = 1.0 / (i + 1);
    }
    System.arraycopy(cdf(weights), 0, TENANT_CDF, 0, TENANTS);
    for (int i = 0; i < PHONES.length; i++) {
      PHONES[i] = Dimensions.builder().phoneNumber("+1415555" + (1000 + i)).build();
    }
    for (int i = 0; i < WHERE.length; i++) {
      WHERE[i] = Dimensions.builder().channel(CHANNELS.get(i / 2)).direction(Direction.values()[i % 2]).build();
    }
    double[] hours = new double[DAYS * 24];
    for (int d = 0; d < DAYS; d++) {
      DayOfWeek dow = FIRST_DAY.plusDays(d).getDayOfWeek();
      double day = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.4 : 1.0;
      for (int h = 0; h < 24; h++) {
        double hour = h < 7 ? 0.2 : h < 9 ? 0.6 : h < 18 ? 1.0 : h < 22 ? 0.5 : 0.25;
        hours[d * 24 + h] = day * hour;
      }
    }
    System.arraycopy(cdf(hours), 0, HOUR_CDF, 0, hours.length);
  }

  private Workload() {}

  /** Receives the generated events. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Takes one event.
     *
     * @param tenant the index of the event's tenant, 0 to {@value #TENANTS} - 1
     * @param metric the index of its metric in {@link #METRICS}
     * @param channel the index of its channel in {@link #CHANNELS}
     * @param direction its direction
     * @param event the priced event
     */
    void accept(int tenant, int metric, int channel, Direction direction, PricedEvent event);
  }

  /** Returns the tenant with index {@code i}. */
  public static TenantId tenant(int i) {
    return TENANT_IDS[i];
  }

  /** Returns the index of {@code metric} in {@link #METRICS}. */
  public static int metricIndex(Metric metric) {
    return METRIC_INDEX.get(metric);
  }

  /**
   * Generates {@code n} priced events in time order and hands each to {@code sink}.
   *
   * @param n how many events
   * @param seed the seed; the same seed gives the same events
   * @param sink receives them
   */
  public static void generate(int n, long seed, Sink sink) {
    generate(n, seed, 0, sink);
  }

  /**
   * Generates {@code n} priced events in time order, with ids of their own, and hands each to
   * {@code sink}.
   *
   * @param n how many events
   * @param seed the seed; the same seed gives the same events
   * @param firstFact the number of the first fact, from which ids derive: streams whose fact
   *     numbers do not overlap share no id
   * @param sink receives them
   */
  public static void generate(int n, long seed, long firstFact, Sink sink) {
    CreditCalculator calculator = calculator();
    SplittableRandom random = new SplittableRandom(seed);
    long monthMillis = END.toEpochMilli() - START.toEpochMilli();
    int emitted = 0;
    long fact = firstFact;
    List<UsageEvent> events = new ArrayList<>(6);
    while (emitted < n) {
      // the k-th event sits at quantile (k + r) / n of the month's traffic, so times never go back
      double u = (emitted + random.nextDouble()) / n;
      Instant at = Instant.ofEpochMilli(START.toEpochMilli() + (long) (timeQuantile(u) * monthMillis));
      int tenant = pick(TENANT_CDF, random.nextDouble());
      events.clear();
      int where = fact(random, fact++, tenant, at, events);
      Direction direction = Direction.values()[where & 1];
      for (UsageEvent e : events) {
        if (emitted == n) {
          break;
        }
        sink.accept(tenant, metricIndex(e.metric()), where >> 1, direction, calculator.price(e));
        emitted++;
      }
    }
  }

  /**
   * Generates {@code n} priced events into an array.
   *
   * @param n how many events
   * @param seed the seed
   * @return the events in time order
   */
  public static PricedEvent[] events(int n, long seed) {
    PricedEvent[] out = new PricedEvent[n];
    int[] next = {0};
    generate(n, seed, (t, m, c, d, e) -> out[next[0]++] = e);
    return out;
  }

  /** Adds the events of one fact; returns its channel's index times two plus its direction's ordinal. */
  private static int fact(SplittableRandom r, long n, int t, Instant at, List<UsageEvent> out) {
    TenantId tenant = TENANT_IDS[t];
    Dimensions number = PHONES[t * PHONES_PER_TENANT + r.nextInt(PHONES_PER_TENANT)];
    double kind = r.nextDouble();
    // a bijection of the fact's number, so that ids are unique but not in order
    long mixed = n * 0x9E37_79B9_7F4A_7C15L;
    String id = Long.toHexString(mixed ^ (mixed >>> 29));
    if (kind < 0.28) {
      int channel = r.nextInt(2); // voice or phone
      Direction direction = r.nextDouble() < 0.6 ? Direction.INBOUND : Direction.OUTBOUND;
      long seconds = Math.min(3 * 3600, Math.max(1, (long) logNormal(r, 95, 0.9)));
      out.addAll(UsageFacts.call(EventId.of("call_" + id), tenant, CHANNELS.get(channel), direction,
          CallOutcome.finished(at, at.plusSeconds(seconds)), number));
      return channel * 2 + direction.ordinal();
    } else if (kind < 0.53) {
      Direction direction = r.nextDouble() < 0.65 ? Direction.OUTBOUND : Direction.INBOUND;
      int chars = (int) Math.min(1_000, Math.max(1, logNormal(r, 90, 0.7)));
      boolean gsm = r.nextDouble() < 0.9;
      int single = gsm ? 160 : 70;
      int multi = gsm ? 153 : 67;
      int segments = chars <= single ? 1 : (chars + multi - 1) / multi;
      out.addAll(UsageFacts.sms(EventId.of("SM" + id), tenant, at, direction, segments, chars, number));
      return 4 * 2 + direction.ordinal();
    } else if (kind < 0.85) {
      String[] model = MODELS[pick(MODEL_CDF, r.nextDouble())];
      double c = r.nextDouble();
      int channel = c < 0.4 ? 0 : c < 0.75 ? 2 : 3; // voice, web chat, whatsapp
      int direction = r.nextDouble() < 0.8 ? 0 : 1;
      long prompt = Math.max(1, (long) logNormal(r, 1_200, 0.8));
      long completion = Math.max(1, (long) logNormal(r, 250, 0.7));
      long cached = r.nextBoolean() ? (long) (prompt * (0.3 + 0.5 * r.nextDouble())) : 0;
      out.addAll(UsageFacts.aiCompletion(EventId.of("chatcmpl-" + id), tenant, at, model[0], model[1],
          ModelType.CHAT, TokenCounts.of(prompt, completion).withCached(cached), WHERE[channel * 2 + direction]));
      return channel * 2 + direction;
    } else {
      int channel = r.nextInt(2);
      int direction = r.nextDouble() < 0.6 ? 0 : 1;
      Dimensions dims = WHERE[channel * 2 + direction];
      if (kind < 0.95) {
        long seconds = Math.max(1, (long) logNormal(r, 40, 0.8));
        out.addAll(UsageFacts.speechToText(EventId.of("stt_" + id), tenant, at, "deepgram", "nova-2",
            Duration.ofSeconds(seconds), dims));
      } else {
        long chars = Math.max(1, (long) logNormal(r, 300, 0.7));
        out.addAll(UsageFacts.textToSpeech(EventId.of("tts_" + id), tenant, at, "elevenlabs",
            "eleven_turbo_v2", chars, dims));
      }
      return channel * 2 + direction;
    }
  }

  /**
   * Returns the calculator the events are priced with: four rate-card versions over the month.
   *
   * @return the calculator
   */
  public static CreditCalculator calculator() {
    return CreditCalculator.builder().rateCards(rateCards()).build();
  }

  /**
   * Returns four rate-card versions, in force from March 1, 9, 16 and 23: token prices fall, SMS
   * prices rise, and calls are billed per half minute from the 16th.
   *
   * @return the history
   */
  public static RateCardHistory rateCards() {
    return RateCardHistory.of(
        card("2026-03a", 1, BillingIncrement.PER_MINUTE, "0.5", "1.5", "0.05"),
        card("2026-03b", 9, BillingIncrement.PER_MINUTE, "0.45", "1.4", "0.05"),
        card("2026-03c", 16, BillingIncrement.PER_HALF_MINUTE, "0.45", "1.4", "0.055"),
        card("2026-03d", 23, BillingIncrement.PER_HALF_MINUTE, "0.4", "1.2", "0.055"));
  }

  private static RateCard card(String version, int day, BillingIncrement increment, String prompt,
      String completion, String smsOut) {
    return RateCard.builder(version, FIRST_DAY.withDayOfMonth(day).atStartOfDay(ZoneOffset.UTC).toInstant())
        .rate(Metrics.CALLS, Rate.of(BigDecimal.ZERO, 1))
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
        .rate(Metrics.INBOUND_MINUTES, Rate.of(new BigDecimal("0.25"), 60).withIncrements())
        .rate(Metrics.SMS_OUTBOUND, Rate.of(new BigDecimal(smsOut), 1))
        .rate(Metrics.SMS_INBOUND, Rate.of(new BigDecimal("0.02"), 1))
        .rate(Metrics.SMS_CHARACTERS, Rate.of(BigDecimal.ZERO, 1))
        .rate(Metrics.AI_MESSAGES, Rate.of(new BigDecimal("0.001"), 1))
        .rate(Metrics.PROMPT_TOKENS, Rate.of(new BigDecimal(prompt), 1_000))
        .rate(Metrics.COMPLETION_TOKENS, Rate.of(new BigDecimal(completion), 1_000))
        .rate(Metrics.STT_SECONDS, Rate.of(new BigDecimal("0.1"), 60))
        .rate(Metrics.TTS_CHARACTERS, Rate.of(new BigDecimal("0.3"), 1_000))
        .cachedTokenFactor(CreditMultiplier.of(new BigDecimal("0.5")))
        .multiplier("openai", "gpt-4o-mini", CreditMultiplier.of(new BigDecimal("0.2")))
        .multiplier("openai", "gpt-4o", CreditMultiplier.of(new BigDecimal("3")))
        .multiplier("anthropic", "claude-3-5-sonnet", CreditMultiplier.of(new BigDecimal("2.5")))
        .multiplier("anthropic", "claude-3-5-haiku", CreditMultiplier.of(new BigDecimal("0.5")))
        .multiplier("google", "gemini-1.5-flash", CreditMultiplier.of(new BigDecimal("0.15")))
        .increment(increment)
        .build();
  }

  /** Returns the fraction of the month by which a share {@code u} of its traffic has happened. */
  private static double timeQuantile(double u) {
    int h = pick(HOUR_CDF, u);
    double before = h == 0 ? 0 : HOUR_CDF[h - 1];
    double within = (u - before) / (HOUR_CDF[h] - before);
    return (h + Math.min(Math.max(within, 0), 0.999_999)) / HOUR_CDF.length;
  }

  private static double logNormal(SplittableRandom r, double median, double sigma) {
    // Box-Muller; one normal deviate per call is plenty for set-up
    double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    return median * Math.exp(sigma * z);
  }

  private static int pick(double[] cdf, double u) {
    int i = Arrays.binarySearch(cdf, u);
    i = i >= 0 ? i + 1 : -i - 1;
    return Math.min(i, cdf.length - 1);
  }

  private static double[] cdf(double... weights) {
    double total = Arrays.stream(weights).sum();
    double[] cdf = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cdf[i] = sum / total;
    }
    return cdf;
  }
}
