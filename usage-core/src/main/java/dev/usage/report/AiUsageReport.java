package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The AI model usage of a tenant over a range of days: completions, tokens and credits, by
 * provider, by model type and for the models that cost the most.
 *
 * <p>Fields and the metrics that feed them:
 *
 * <ul>
 *   <li>{@code total_messages}: the messages of the tenant's conversations, both sides: {@code
 *       human_messages}, one per message a person sent ({@link
 *       dev.usage.event.UsageFacts#humanMessage}), plus {@code ai_messages}, one per completion.
 *       The breakdowns count the completions only, since a person's message has no model.
 *   <li>{@code total_tokens}: every token metric, {@code prompt_tokens} (uncached), {@code
 *       cached_tokens}, {@code completion_tokens}, {@code audio_input_tokens} and {@code
 *       audio_output_tokens}, so cached and audio tokens are in the total as well as in their own
 *       fields {@code total_cached_tokens}, {@code total_audio_input_tokens} and {@code
 *       total_audio_output_tokens}.
 *   <li>{@code total_credits}: the credits charged for all six AI metrics, {@code ai_messages}
 *       included, as a decimal with six places.
 *   <li>{@code by_provider} ({@code provider}, {@code messages}, {@code tokens}, {@code credits})
 *       and {@code by_type} ({@code type}: {@code chat} or {@code realtime}; {@code messages},
 *       {@code tokens}, {@code credits}): one item per provider or type that has usage, the
 *       largest spend first (credits, then tokens descending, then name ascending).
 *   <li>{@code top_models}: the {@value #TOP_MODELS} models with the highest credits, each with
 *       {@code provider}, {@code model}, {@code model_type}, {@code messages}, {@code tokens} and
 *       {@code credits}; ties are ordered by tokens descending, then provider, model and model
 *       type ascending, so the list never depends on the store.
 * </ul>
 *
 * <p>A model is a (provider, model, model type) triple; an event without one of them shows an
 * empty string there. The report keeps every model's totals, not only the top ones, so that
 * {@link #merge} gives exactly the report of the union; neither they nor the range are written to
 * JSON.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days the report covers
 * @param humanMessages the {@code human_messages} in the range
 * @param models every model with usage, with its full totals, sorted by provider, model and model
 *     type
 */
@JsonPropertyOrder({
  "total_messages", "total_tokens", "total_cached_tokens", "total_audio_input_tokens",
  "total_audio_output_tokens", "total_credits", "by_provider", "by_type", "top_models"
})
public record AiUsageReport(
    @JsonIgnore UsageRange range, @JsonIgnore long humanMessages, @JsonIgnore List<ModelUsage> models) {

  /** The most models {@link #topModels()} lists. */
  public static final int TOP_MODELS = 10;

  private static final Comparator<ModelUsage> BY_KEY = Comparator.comparing(ModelUsage::provider)
      .thenComparing(ModelUsage::model)
      .thenComparing(ModelUsage::modelType);

  /** Credits, then tokens, descending: the order of every ranking in the report. */
  private static final Comparator<ModelUsage> SPEND = Comparator.comparing(ModelUsage::credits).reversed()
      .thenComparing(Comparator.comparingLong(ModelUsage::tokens).reversed());

  private static final Comparator<ModelUsage> BY_SPEND = SPEND.thenComparing(BY_KEY);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code models} are not sorted by provider, model and model
   *     type, or a model appears twice
   * @param range the days the report covers
   * @param humanMessages the {@code human_messages} in the range
   * @param models every model with usage, with its full totals, sorted by provider, model and model
   *     type
   */
  public AiUsageReport {
    requireNonNull(range, "range");
    models = List.copyOf(models);
    ReportSupport.checkStrictlyAscending(models, BY_KEY, "models");
    // The totals are computed when read; adding them up once here makes a report whose totals
    // leave the range of a long fail where it is built, not later in the middle of serialising it.
    Credits.sum(models.stream().map(ModelUsage::credits).toList());
    long tokens = 0;
    long messages = humanMessages;
    for (ModelUsage m : models) {
      tokens = ReportSupport.add(tokens, m.tokens());
      messages = ReportSupport.add(messages, m.messages());
    }
  }

  /**
   * Returns the range the AI usage report covers unless the caller asks for another: the last 30
   * UTC days, today included.
   *
   * @param clock gives today
   * @return the default range
   */
  public static UsageRange defaultRange(Clock clock) {
    return UsageRange.lastDays(30, clock);
  }

  /**
   * Computes a tenant's AI usage on the days of a range, with one aggregate query.
   *
   * @param store where the tenant's events are
   * @param tenant whose usage
   * @param range which days, in the range's zone
   * @return the report
   */
  static AiUsageReport compute(UsageStore store, TenantId tenant, UsageRange range) {
    List<AggregateRow> rows = ReportSupport.aggregate(store, tenant, range,
        ReportSupport.metrics(Metrics.HUMAN_MESSAGES, Metrics.AI_MESSAGES, Metrics.PROMPT_TOKENS, Metrics.CACHED_TOKENS,
            Metrics.COMPLETION_TOKENS, Metrics.AUDIO_INPUT_TOKENS, Metrics.AUDIO_OUTPUT_TOKENS),
        GroupKey.METRIC, GroupKey.PROVIDER, GroupKey.MODEL, GroupKey.MODEL_TYPE);
    List<ModelUsage> perRow = new ArrayList<>(rows.size());
    long humanMessages = 0;
    for (AggregateRow row : rows) {
      String metric = row.metric();
      long q = row.sum();
      if (metric.equals(Metrics.HUMAN_MESSAGES.key())) {
        humanMessages = ReportSupport.add(humanMessages, q);
        continue;
      }
      perRow.add(new ModelUsage(
          ReportSupport.value(row, GroupKey.PROVIDER),
          ReportSupport.value(row, GroupKey.MODEL),
          ReportSupport.value(row, GroupKey.MODEL_TYPE),
          metric.equals(Metrics.AI_MESSAGES.key()) ? q : 0,
          metric.equals(Metrics.PROMPT_TOKENS.key()) ? q : 0,
          metric.equals(Metrics.CACHED_TOKENS.key()) ? q : 0,
          metric.equals(Metrics.COMPLETION_TOKENS.key()) ? q : 0,
          metric.equals(Metrics.AUDIO_INPUT_TOKENS.key()) ? q : 0,
          metric.equals(Metrics.AUDIO_OUTPUT_TOKENS.key()) ? q : 0,
          row.credits()));
    }
    return new AiUsageReport(range, humanMessages, combine(perRow));
  }

  /** Adds up the usage of each model and sorts the models by provider, model and type. */
  private static List<ModelUsage> combine(List<ModelUsage> usages) {
    Map<List<String>, ModelUsage> byModel = new LinkedHashMap<>();
    for (ModelUsage u : usages) {
      byModel.merge(List.of(u.provider(), u.model(), u.modelType()), u, ModelUsage::plus);
    }
    List<ModelUsage> models = new ArrayList<>(byModel.values());
    models.sort(BY_KEY);
    return models;
  }

  /**
   * Returns the report over this range and the days right after it: every model's totals add up,
   * and the breakdowns and top models are ranked again from them.
   *
   * @param other the report of the days that start the day after this range ends, same zone
   * @return the report of both ranges, equal to the one computed over their union
   * @throws IllegalArgumentException if {@code other}'s range does not start the day after this
   *     range ends in the same zone, or the union exceeds {@value UsageRange#MAX_DAYS} days
   */
  public AiUsageReport merge(AiUsageReport other) {
    requireNonNull(other, "other");
    UsageRange union = ReportSupport.follow(range, other.range);
    return new AiUsageReport(union, ReportSupport.add(humanMessages, other.humanMessages),
        combine(ReportSupport.concat(models, other.models)));
  }

  /** {@return the messages of both sides: {@code human_messages} plus {@code ai_messages}} */
  @JsonProperty("total_messages")
  public long totalMessages() {
    return ReportSupport.add(humanMessages, sum(ModelUsage::messages));
  }

  /** {@return the tokens of every kind: prompt (uncached), cached, completion, audio in and out} */
  @JsonProperty("total_tokens")
  public long totalTokens() {
    return sum(ModelUsage::tokens);
  }

  /** {@return the prompt tokens served from the provider's cache} */
  @JsonProperty("total_cached_tokens")
  public long totalCachedTokens() {
    return sum(ModelUsage::cachedTokens);
  }

  /** {@return the audio input tokens of realtime models} */
  @JsonProperty("total_audio_input_tokens")
  public long totalAudioInputTokens() {
    return sum(ModelUsage::audioInputTokens);
  }

  /** {@return the audio output tokens of realtime models} */
  @JsonProperty("total_audio_output_tokens")
  public long totalAudioOutputTokens() {
    return sum(ModelUsage::audioOutputTokens);
  }

  /** {@return the credits charged for the AI metrics} */
  public Credits totalCredits() {
    return Credits.sum(models.stream().map(ModelUsage::credits).toList());
  }

  /** {@return the usage per provider, the largest spend first: credits, then tokens, then name} */
  @JsonProperty("by_provider")
  public List<ProviderUsage> byProvider() {
    return group(ModelUsage::provider, (name, u) -> new ProviderUsage(name, u.messages(), u.tokens(), u.credits()));
  }

  /** {@return the usage per model type, {@code chat} or {@code realtime}, the largest spend first} */
  @JsonProperty("by_type")
  public List<TypeUsage> byType() {
    return group(ModelUsage::modelType, (name, u) -> new TypeUsage(name, u.messages(), u.tokens(), u.credits()));
  }

  /**
   * {@return the {@value #TOP_MODELS} models with the highest credits: credits descending, then
   * tokens descending, then provider, model and model type ascending}
   */
  @JsonProperty("top_models")
  public List<ModelUsage> topModels() {
    return models.stream().sorted(BY_SPEND).limit(TOP_MODELS).toList();
  }

  @JsonProperty("total_credits")
  private BigDecimal totalCreditsDecimal() {
    return totalCredits().toBigDecimal();
  }

  private long sum(ToLongFunction<ModelUsage> field) {
    return ReportSupport.sum(models, field);
  }

  /**
   * Adds up the models per {@code key} and returns one item per key, the largest spend first:
   * credits, then tokens, descending, then the key ascending.
   */
  private <T> List<T> group(Function<ModelUsage, String> key, BiFunction<String, ModelUsage, T> item) {
    Map<String, ModelUsage> sums = new TreeMap<>();
    for (ModelUsage m : models) {
      sums.merge(key.apply(m), m, ModelUsage::plus);
    }
    // The map iterates in key order and the sort is stable, so equal spends stay in key order.
    return sums.entrySet().stream()
        .sorted(Map.Entry.comparingByValue(SPEND))
        .map(e -> item.apply(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * One model's AI usage: JSON shows its messages, all its tokens and its credits; the tokens by
   * kind are kept for the report's totals and for merging.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param provider the provider, or empty if the events carry none
   * @param model the model, or empty
   * @param modelType {@code chat}, {@code realtime}, or empty
   * @param messages its {@code ai_messages}
   * @param promptTokens its {@code prompt_tokens} (uncached)
   * @param cachedTokens its {@code cached_tokens}
   * @param completionTokens its {@code completion_tokens}
   * @param audioInputTokens its {@code audio_input_tokens}
   * @param audioOutputTokens its {@code audio_output_tokens}
   * @param credits the credits of all its AI metrics
   */
  @JsonPropertyOrder({"provider", "model", "model_type", "messages", "tokens", "credits"})
  public record ModelUsage(
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("model_type") String modelType,
      @JsonProperty("messages") long messages,
      @JsonIgnore long promptTokens,
      @JsonIgnore long cachedTokens,
      @JsonIgnore long completionTokens,
      @JsonIgnore long audioInputTokens,
      @JsonIgnore long audioOutputTokens,
      @JsonProperty("credits") Credits credits) {

    /**
     * Validates.
     *
     * @param provider the provider, or empty if the events carry none
     * @param model the model, or empty
     * @param modelType {@code chat}, {@code realtime}, or empty
     * @param messages its {@code ai_messages}
     * @param promptTokens its {@code prompt_tokens} (uncached)
     * @param cachedTokens its {@code cached_tokens}
     * @param completionTokens its {@code completion_tokens}
     * @param audioInputTokens its {@code audio_input_tokens}
     * @param audioOutputTokens its {@code audio_output_tokens}
     * @param credits the credits of all its AI metrics
     */
    public ModelUsage {
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
      requireNonNull(modelType, "modelType");
      requireNonNull(credits, "credits");
    }

    /** {@return the tokens of every kind} */
    @JsonProperty("tokens")
    public long tokens() {
      long t = ReportSupport.add(promptTokens, cachedTokens);
      t = ReportSupport.add(t, completionTokens);
      t = ReportSupport.add(t, audioInputTokens);
      return ReportSupport.add(t, audioOutputTokens);
    }

    /** Returns this usage plus {@code other}'s, keeping this one's provider, model and type. */
    ModelUsage plus(ModelUsage other) {
      return new ModelUsage(provider, model, modelType,
          ReportSupport.add(messages, other.messages),
          ReportSupport.add(promptTokens, other.promptTokens),
          ReportSupport.add(cachedTokens, other.cachedTokens),
          ReportSupport.add(completionTokens, other.completionTokens),
          ReportSupport.add(audioInputTokens, other.audioInputTokens),
          ReportSupport.add(audioOutputTokens, other.audioOutputTokens),
          credits.plus(other.credits));
    }
  }

  // Shaped like VoiceUsageReport's totals on purpose: each is a public JSON row with its own names.
  /**
   * One provider's AI usage, over all its models.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param provider the provider, or empty if the events carry none
   * @param messages its {@code ai_messages}
   * @param tokens its tokens of every kind
   * @param credits the credits of its AI metrics
   */
  @JsonPropertyOrder({"provider", "messages", "tokens", "credits"})
  public record ProviderUsage(
      @JsonProperty("provider") String provider,
      @JsonProperty("messages") long messages,
      @JsonProperty("tokens") long tokens,
      @JsonProperty("credits") Credits credits) {

    /**
     * Validates.
     *
     * @param provider the provider, or empty if the events carry none
     * @param messages its {@code ai_messages}
     * @param tokens its tokens of every kind
     * @param credits the credits of its AI metrics
     */
    public ProviderUsage {
      requireNonNull(provider, "provider");
      requireNonNull(credits, "credits");
    }
  }

  /**
   * The AI usage of one model type, over all models of that type.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param type {@code chat}, {@code realtime}, or empty if the events carry none
   * @param messages its {@code ai_messages}
   * @param tokens its tokens of every kind
   * @param credits the credits of its AI metrics
   */
  @JsonPropertyOrder({"type", "messages", "tokens", "credits"})
  public record TypeUsage(
      @JsonProperty("type") String type,
      @JsonProperty("messages") long messages,
      @JsonProperty("tokens") long tokens,
      @JsonProperty("credits") Credits credits) {

    /**
     * Validates.
     *
     * @param type {@code chat}, {@code realtime}, or empty if the events carry none
     * @param messages its {@code ai_messages}
     * @param tokens its tokens of every kind
     * @param credits the credits of its AI metrics
     */
    public TypeUsage {
      requireNonNull(type, "type");
      requireNonNull(credits, "credits");
    }
  }
}
