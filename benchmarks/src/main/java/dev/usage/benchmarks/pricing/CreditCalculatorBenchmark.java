package dev.usage.benchmarks.pricing;

import dev.usage.benchmarks.Workload;
import dev.usage.event.DimensionKey;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures {@link CreditCalculator#price(UsageEvent)} over {@value #EVENTS} events of the {@link
 * Workload} mix (calls billed in increments, SMS, prompt, cached and completion tokens of six
 * models, five with multipliers, speech to text and text to speech), spread over a month with four
 * rate-card versions, so that most events find their card by binary search.
 *
 * <ul>
 *   <li>{@code price}: the library; each event becomes a {@link PricedEvent} with its trace.
 *   <li>{@code baseline}: the hand-written floor: {@code quantity * rateMicros / per} over primitive
 *       columns, one rate per metric, no card versions, multipliers, increments or rounding.
 *   <li>{@code baselineTables}: what a hand-written calculator with the same rules costs: card by
 *       time, then a per-card, per-metric, per-model fraction, increments and half-up rounding.
 * </ul>
 *
 * <p>Scores are events per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CreditCalculatorBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CreditCalculatorBenchmark {

  /** Events priced per invocation: their objects, about 400 KB, stay in cache, as an event the engine has just built is. */
  public static final int EVENTS = 1 << 11;

  private static final List<Metric> METRICS = Workload.METRICS;
  private static final String[] MODELS = {
    "gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet", "claude-3-5-haiku", "gemini-1.5-flash"};

  private CreditCalculator calculator;
  private UsageEvent[] events;
  private PricedEvent[] priced;

  // primitive columns of the same events, for the baselines
  private long[] time;
  private int[] metric;
  private int[] model;
  private long[] quantity;
  private long[] out;

  // baseline: one rate per metric, from the first card
  private long[] rateMicros;
  private long[] per;

  // baselineTables: card start times; per card, metric and model (last = none) a fraction num/den
  private long[] cardFrom;
  private long[][] num;
  private long[][] den;
  private long[][] increment;

  @Setup
  public void setUp() {
    calculator = Workload.calculator();
    PricedEvent[] workload = Workload.events(EVENTS, Workload.SEED);
    events = new UsageEvent[EVENTS];
    priced = new PricedEvent[EVENTS];
    time = new long[EVENTS];
    metric = new int[EVENTS];
    model = new int[EVENTS];
    quantity = new long[EVENTS];
    out = new long[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      UsageEvent e = workload[i].event();
      events[i] = e;
      time[i] = e.occurredAt().toEpochMilli();
      metric[i] = Workload.metricIndex(e.metric());
      model[i] = Arrays.asList(MODELS).indexOf(e.dimensions().valueOrNull(DimensionKey.MODEL));
      quantity[i] = e.quantity();
    }
    List<RateCard> cards = calculator.rateCards().cards();
    rateMicros = new long[METRICS.size()];
    per = new long[METRICS.size()];
    for (int m = 0; m < METRICS.size(); m++) {
      Rate rate = cards.get(0).rate(METRICS.get(m)).orElse(cards.get(0).rate(Metrics.PROMPT_TOKENS).orElseThrow());
      rateMicros[m] = rate.credits().movePointRight(6).longValueExact();
      per[m] = rate.per();
    }
    cardFrom = new long[cards.size()];
    num = new long[cards.size()][METRICS.size() * (MODELS.length + 1)];
    den = new long[cards.size()][METRICS.size() * (MODELS.length + 1)];
    increment = new long[cards.size()][METRICS.size()];
    for (int c = 0; c < cards.size(); c++) {
      RateCard card = cards.get(c);
      cardFrom[c] = card.effectiveFrom().toEpochMilli();
      for (int m = 0; m < METRICS.size(); m++) {
        Metric me = METRICS.get(m);
        boolean cached = card.rate(me).isEmpty();
        Rate rate = card.rate(me).orElseGet(() -> card.rate(Metrics.PROMPT_TOKENS).orElseThrow());
        BigDecimal factor = cached ? card.cachedTokenFactor().orElseThrow().value() : BigDecimal.ONE;
        increment[c][m] = rate.billedInIncrements() ? card.increment().orElseThrow().initial().getSeconds() : 0;
        for (int k = 0; k <= MODELS.length; k++) {
          BigDecimal multiplier = BigDecimal.ONE;
          if (k < MODELS.length && me.unit() == Unit.TOKENS) {
            String provider = MODELS[k].startsWith("gpt") ? "openai" : MODELS[k].startsWith("claude") ? "anthropic"
                : "google";
            multiplier = card.multiplier(provider, MODELS[k]).orElseThrow().value();
          }
          // micro-credits per unit = credits × multiplier × factor × 10^6 / per, as a reduced fraction
          BigDecimal perUnit = rate.credits().multiply(multiplier).multiply(factor).movePointRight(6)
              .stripTrailingZeros();
          int scale = Math.max(perUnit.scale(), 0);
          BigInteger n = perUnit.setScale(scale).unscaledValue();
          BigInteger d = BigInteger.valueOf(rate.per()).multiply(BigInteger.TEN.pow(scale));
          BigInteger gcd = n.signum() == 0 ? d : n.gcd(d);
          num[c][m * (MODELS.length + 1) + k] = n.divide(gcd).longValueExact();
          den[c][m * (MODELS.length + 1) + k] = d.divide(gcd).longValueExact();
        }
      }
    }
  }

  @Benchmark
  public PricedEvent[] price() {
    CreditCalculator c = calculator;
    UsageEvent[] in = events;
    PricedEvent[] result = priced;
    for (int i = 0; i < in.length; i++) {
      result[i] = c.price(in[i]);
    }
    return result;
  }

  @Benchmark
  public long[] baseline() {
    long[] q = quantity;
    int[] m = metric;
    long[] result = out;
    for (int i = 0; i < q.length; i++) {
      result[i] = q[i] * rateMicros[m[i]] / per[m[i]];
    }
    return result;
  }

  @Benchmark
  public long[] baselineTables() {
    long[] q = quantity;
    long[] t = time;
    int[] m = metric;
    int[] k = model;
    long[] from = cardFrom;
    long[] result = out;
    int models = MODELS.length + 1;
    for (int i = 0; i < q.length; i++) {
      int c = from.length - 1;
      while (t[i] < from[c]) {
        c--;
      }
      int slot = m[i] * models + (k[i] < 0 ? models - 1 : k[i]);
      long billable = q[i];
      long inc = increment[c][m[i]];
      if (inc > 0 && billable > 0) {
        billable = (billable + inc - 1) / inc * inc;
      }
      long n = num[c][slot];
      long d = den[c][slot];
      long product = Math.multiplyExact(billable, n);
      long quotient = product / d;
      long remainder = product - quotient * d;
      result[i] = remainder >= d - remainder && remainder != 0 ? quotient + 1 : quotient;
    }
    return result;
  }
}
