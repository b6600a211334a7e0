package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The speech usage of a tenant over a range of days: speech to text and text to speech, by
 * provider and model, and per day.
 *
 * <p>Fields and the metrics that feed them:
 *
 * <ul>
 *   <li>{@code totalSttDurationSeconds}: the {@code stt_seconds} metric, seconds of audio
 *       transcribed; {@code totalSttMessages}: the number of its events, one per transcription.
 *   <li>{@code totalTtsCharacters}: the {@code tts_characters} metric, characters synthesised;
 *       {@code totalTtsMessages}: the number of its events, one per synthesis.
 *   <li>{@code sttByProvider} ({@code provider}, {@code model}, {@code durationSeconds}, {@code
 *       messages}) and {@code ttsByProvider} ({@code provider}, {@code model}, {@code characters},
 *       {@code messages}): one item per provider and model, sorted by provider then model.
 *   <li>{@code sttRows} and {@code ttsRows}: the same per day (in the range's zone), with {@code
 *       date} first, sorted by date, provider and model.
 * </ul>
 *
 * <p>An event without a provider or model shows an empty string there. Message counts are the
 * events that stand ({@link AggregateRow#netCount()}): a reversed transcription or synthesis counts
 * zero, as its reversal's negative quantity takes the seconds or characters back out. The range is
 * not written to JSON.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days the report covers
 * @param sttRows speech to text per day, provider and model, sorted by those
 * @param ttsRows text to speech per day, provider and model, sorted by those
 */
@JsonPropertyOrder({
  "totalSttDurationSeconds", "totalSttMessages", "totalTtsCharacters", "totalTtsMessages",
  "sttByProvider", "ttsByProvider", "sttRows", "ttsRows"
})
public record VoiceUsageReport(
    @JsonIgnore UsageRange range,
    @JsonProperty("sttRows") List<SttRow> sttRows,
    @JsonProperty("ttsRows") List<TtsRow> ttsRows) {

  private static final Comparator<SttRow> STT_ORDER = Comparator.comparing(SttRow::date)
      .thenComparing(SttRow::provider).thenComparing(SttRow::model);
  private static final Comparator<TtsRow> TTS_ORDER = Comparator.comparing(TtsRow::date)
      .thenComparing(TtsRow::provider).thenComparing(TtsRow::model);
  private static final Comparator<List<String>> PROVIDER_MODEL =
      Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1));

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a row's day is outside the range, or rows are not sorted
   *     by day, provider and model with no key twice
   * @param range the days the report covers
   * @param sttRows speech to text per day, provider and model, sorted by those
   * @param ttsRows text to speech per day, provider and model, sorted by those
   */
  public VoiceUsageReport {
    requireNonNull(range, "range");
    sttRows = List.copyOf(sttRows);
    ttsRows = List.copyOf(ttsRows);
    ReportSupport.checkDayRows(range, sttRows, STT_ORDER, "speech-to-text row");
    ReportSupport.checkDayRows(range, ttsRows, TTS_ORDER, "text-to-speech row");
  }

  /**
   * Returns the range the voice report covers unless the caller asks for another: every UTC day
   * of the current month, days still to come included.
   *
   * @param clock gives today
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.thisMonth(clock);
  }

  /**
   * Computes a tenant's speech usage on the days of a range, with one aggregate query.
   *
   * @param store where the tenant's events are
   * @param tenant whose usage
   * @param range which days, in the range's zone
   * @return the report
   */
  static VoiceUsageReport compute(UsageStore store, TenantId tenant, UsageRange range) {
    List<AggregateRow> aggregates = ReportSupport.aggregate(store, tenant, range,
        ReportSupport.metrics(Metrics.STT_SECONDS, Metrics.TTS_CHARACTERS),
        GroupKey.METRIC, GroupKey.DAY, GroupKey.PROVIDER, GroupKey.MODEL);
    List<SttRow> stt = new ArrayList<>();
    List<TtsRow> tts = new ArrayList<>();
    // One aggregate per metric, day, provider and model is one report row. They are sorted here
    // rather than trusted in the store's order, which a database collation may decide.
    for (AggregateRow a : aggregates) {
      String provider = ReportSupport.value(a, GroupKey.PROVIDER);
      String model = ReportSupport.value(a, GroupKey.MODEL);
      if (a.metric().equals(Metrics.STT_SECONDS.key())) {
        stt.add(new SttRow(a.day(), provider, model, a.sum(), a.netCount()));
      } else {
        tts.add(new TtsRow(a.day(), provider, model, a.sum(), a.netCount()));
      }
    }
    stt.sort(STT_ORDER);
    tts.sort(TTS_ORDER);
    return new VoiceUsageReport(range, stt, tts);
  }

  /**
   * Returns the report over this range and the days right after it: the rows of {@code other}
   * follow this report's, and the totals and per-model sums are taken over both.
   *
   * @param other the report of the days that start the day after this range ends, same zone
   * @return the report of both ranges, equal to the one computed over their union
   * @throws IllegalArgumentException if {@code other}'s range does not start the day after this
   *     range ends in the same zone, or the union exceeds {@value UsageRange#MAX_DAYS} days
   */
  public VoiceUsageReport merge(VoiceUsageReport other) {
    requireNonNull(other, "other");
    UsageRange union = ReportSupport.follow(range, other.range);
    // The ranges share no day, so no row key is in both and the rows stay sorted.
    return new VoiceUsageReport(union, ReportSupport.concat(sttRows, other.sttRows),
        ReportSupport.concat(ttsRows, other.ttsRows));
  }

  /** {@return the seconds of audio transcribed: the {@code stt_seconds} metric} */
  @JsonProperty("totalSttDurationSeconds")
  public long totalSttDurationSeconds() {
    return ReportSupport.sum(sttRows, SttRow::durationSeconds);
  }

  /** {@return the transcriptions: {@code stt_seconds} events} */
  @JsonProperty("totalSttMessages")
  public long totalSttMessages() {
    return ReportSupport.sum(sttRows, SttRow::messages);
  }

  /** {@return the characters synthesised: the {@code tts_characters} metric} */
  @JsonProperty("totalTtsCharacters")
  public long totalTtsCharacters() {
    return ReportSupport.sum(ttsRows, TtsRow::characters);
  }

  /** {@return the syntheses: {@code tts_characters} events} */
  @JsonProperty("totalTtsMessages")
  public long totalTtsMessages() {
    return ReportSupport.sum(ttsRows, TtsRow::messages);
  }

  /** {@return speech to text per provider and model, sorted by provider then model} */
  @JsonProperty("sttByProvider")
  public List<SttTotal> sttByProvider() {
    return perModel(sttRows, SttRow::durationSeconds, SttTotal::new);
  }

  /** {@return text to speech per provider and model, sorted by provider then model} */
  @JsonProperty("ttsByProvider")
  public List<TtsTotal> ttsByProvider() {
    return perModel(ttsRows, TtsRow::characters, TtsTotal::new);
  }

  /** What the speech-to-text and text-to-speech rows share, for adding them up per model. */
  private interface SpeechRow {
    String provider();

    String model();

    long messages();
  }

  /** Makes a total from a provider, a model, an amount (seconds or characters) and messages. */
  @FunctionalInterface
  private interface TotalMaker<T> {
    T total(String provider, String model, long amount, long messages);
  }

  /** Adds up rows' amounts and messages per provider and model, sorted by provider then model. */
  private static <R extends SpeechRow, T> List<T> perModel(List<R> rows, ToLongFunction<R> amount,
      TotalMaker<T> maker) {
    Map<List<String>, long[]> sums = new TreeMap<>(PROVIDER_MODEL);
    for (R row : rows) {
      long[] s = sums.computeIfAbsent(List.of(row.provider(), row.model()), k -> new long[2]);
      s[0] = ReportSupport.add(s[0], amount.applyAsLong(row));
      s[1] = ReportSupport.add(s[1], row.messages());
    }
    List<T> totals = new ArrayList<>(sums.size());
    sums.forEach((k, s) -> totals.add(maker.total(k.get(0), k.get(1), s[0], s[1])));
    return List.copyOf(totals);
  }

  /**
   * Speech to text of one day, provider and model.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param provider the provider, or empty if the events carry none
   * @param model the model, or empty
   * @param durationSeconds seconds of audio transcribed
   * @param messages transcriptions
   */
  @JsonPropertyOrder({"date", "provider", "model", "durationSeconds", "messages"})
  public record SttRow(
      @JsonIgnore LocalDate date,
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("durationSeconds") long durationSeconds,
      @JsonProperty("messages") long messages) implements DatedRow, SpeechRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param provider the provider, or empty if the events carry none
     * @param model the model, or empty
     * @param durationSeconds seconds of audio transcribed
     * @param messages transcriptions
     */
    public SttRow {
      requireNonNull(date, "date");
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
    }
  }

  // Shaped like SttRow on purpose: public rows of two metrics, characters here and seconds there.
  /**
   * Text to speech of one day, provider and model.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param date the day, in the report's zone
   * @param provider the provider, or empty if the events carry none
   * @param model the model or voice, or empty
   * @param characters characters synthesised
   * @param messages syntheses
   */
  @JsonPropertyOrder({"date", "provider", "model", "characters", "messages"})
  public record TtsRow(
      @JsonIgnore LocalDate date,
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("characters") long characters,
      @JsonProperty("messages") long messages) implements DatedRow, SpeechRow {

    /**
     * Validates.
     *
     * @param date the day, in the report's zone
     * @param provider the provider, or empty if the events carry none
     * @param model the model or voice, or empty
     * @param characters characters synthesised
     * @param messages syntheses
     */
    public TtsRow {
      requireNonNull(date, "date");
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
    }
  }

  // The two totals mirror the two rows on purpose: public JSON rows of two metrics.
  /**
   * Speech to text of one provider and model over the report's range.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param provider the provider, or empty if the events carry none
   * @param model the model, or empty
   * @param durationSeconds seconds of audio transcribed
   * @param messages transcriptions
   */
  @JsonPropertyOrder({"provider", "model", "durationSeconds", "messages"})
  public record SttTotal(
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("durationSeconds") long durationSeconds,
      @JsonProperty("messages") long messages) {

    /**
     * Validates.
     *
     * @param provider the provider, or empty if the events carry none
     * @param model the model, or empty
     * @param durationSeconds seconds of audio transcribed
     * @param messages transcriptions
     */
    public SttTotal {
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
    }
  }

  /**
   * Text to speech of one provider and model over the report's range.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param provider the provider, or empty if the events carry none
   * @param model the model or voice, or empty
   * @param characters characters synthesised
   * @param messages syntheses
   */
  @JsonPropertyOrder({"provider", "model", "characters", "messages"})
  public record TtsTotal(
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("characters") long characters,
      @JsonProperty("messages") long messages) {

    /**
     * Validates.
     *
     * @param provider the provider, or empty if the events carry none
     * @param model the model or voice, or empty
     * @param characters characters synthesised
     * @param messages syntheses
     */
    public TtsTotal {
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
    }
  }
}
