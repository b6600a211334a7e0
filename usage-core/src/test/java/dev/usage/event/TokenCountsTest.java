package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCountsTest {

  @Test
  void of_hasNoCachedOrAudioTokens() {
    assertThat(TokenCounts.of(1_200, 300)).isEqualTo(new TokenCounts(1_200, 300, 0, 0, 0));
  }

  @Test
  void uncachedPrompt_subtractsCachedFromPrompt() {
    TokenCounts tokens = TokenCounts.of(1_200, 300).withCached(1_024);

    assertThat(tokens.uncachedPrompt()).isEqualTo(176);
    assertThat(tokens.cached()).isEqualTo(1_024);
  }

  @Test
  void withCached_allPromptCached_isAllowed() {
    assertThat(TokenCounts.of(500, 0).withCached(500).uncachedPrompt()).isZero();
  }

  @Test
  void withCached_exceedsPrompt_rejectedNamingBoth() {
    assertThatThrownBy(() -> TokenCounts.of(1_000, 10).withCached(1_200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cached token count 1200 exceeds prompt token count 1000, which must include the cached tokens");
  }

  @Test
  void withAudio_keepsTextCounts() {
    TokenCounts tokens = TokenCounts.of(100, 50).withCached(40).withAudio(800, 900);

    assertThat(tokens).isEqualTo(new TokenCounts(100, 50, 40, 800, 900));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "prompt, -1, 0, 0, 0, 0",
    "completion, 0, -1, 0, 0, 0",
    "cached, 0, 0, -1, 0, 0",
    "audio input, 0, 0, 0, -1, 0",
    "audio output, 0, 0, 0, 0, -1",
  })
  void new_negativeCount_rejectedNamingKind(
      String kind, long prompt, long completion, long cached, long audioInput, long audioOutput) {
    assertThatThrownBy(() -> new TokenCounts(prompt, completion, cached, audioInput, audioOutput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(kind + " token count must not be negative but was -1");
  }
}
