package dev.usage.event;

/**
 * The tokens a model completion used, as providers report them.
 *
 * <p>Follows OpenAI's convention: {@code prompt} is the total of prompt tokens <em>including</em>
 * those served from the provider's cache, and {@code cached} is the part of them that was cached.
 * The uncached prompt tokens, which are billed at the full rate, are {@link #uncachedPrompt()}.
 * Audio tokens of realtime models are counted apart from the text tokens: pass the text part of a
 * provider's prompt and completion totals in {@code prompt} and {@code completion}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param prompt prompt (input) tokens, including the cached ones; zero or more
 * @param completion completion (output) tokens; zero or more
 * @param cached prompt tokens served from the cache; zero to {@code prompt}
 * @param audioInput audio input tokens; zero or more
 * @param audioOutput audio output tokens; zero or more
 */
public record TokenCounts(long prompt, long completion, long cached, long audioInput, long audioOutput) {

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative or {@code cached} exceeds {@code prompt}
   * @param prompt prompt (input) tokens, including the cached ones; zero or more
   * @param completion completion (output) tokens; zero or more
   * @param cached prompt tokens served from the cache; zero to {@code prompt}
   * @param audioInput audio input tokens; zero or more
   * @param audioOutput audio output tokens; zero or more
   */
  public TokenCounts {
    checkNotNegative("prompt", prompt);
    checkNotNegative("completion", completion);
    checkNotNegative("cached", cached);
    checkNotNegative("audio input", audioInput);
    checkNotNegative("audio output", audioOutput);
    if (cached > prompt) {
      throw new IllegalArgumentException("cached token count " + cached + " exceeds prompt token count " + prompt
          + ", which must include the cached tokens");
    }
  }

  /**
   * Obtains the counts of a text completion without cached tokens.
   *
   * @param prompt prompt tokens, zero or more
   * @param completion completion tokens, zero or more
   * @return the counts
   * @throws IllegalArgumentException if a count is negative
   */
  public static TokenCounts of(long prompt, long completion) {
    return new TokenCounts(prompt, completion, 0, 0, 0);
  }

  /**
   * Returns a copy with {@code cached} of the prompt tokens served from the cache.
   *
   * @param cached zero to {@link #prompt()}
   * @return the new counts
   * @throws IllegalArgumentException if {@code cached} is negative or exceeds the prompt tokens
   */
  public TokenCounts withCached(long cached) {
    return new TokenCounts(prompt, completion, cached, audioInput, audioOutput);
  }

  /**
   * Returns a copy with these audio token counts.
   *
   * @param audioInput audio input tokens, zero or more
   * @param audioOutput audio output tokens, zero or more
   * @return the new counts
   * @throws IllegalArgumentException if a count is negative
   */
  public TokenCounts withAudio(long audioInput, long audioOutput) {
    return new TokenCounts(prompt, completion, cached, audioInput, audioOutput);
  }

  /** {@return the prompt tokens that were not served from the cache, {@code prompt - cached}} */
  public long uncachedPrompt() {
    return prompt - cached;
  }

  private static void checkNotNegative(String kind, long count) {
    if (count < 0) {
      throw new IllegalArgumentException(kind + " token count must not be negative but was " + count);
    }
  }
}
