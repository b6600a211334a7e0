package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdTest {

  @Test
  void of_loneSurrogate_rejectedWithItsIndex() {
    // No UTF-8 form: a database or a JSON record would give back '?', another id.
    assertThatThrownBy(() -> EventId.of("call-\uD83D"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate U+D83D at index 5");
    assertThatThrownBy(() -> EventId.of("\uDE00x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+DE00 at index 0");
  }

  @Test
  void of_surrogatePair_accepted() {
    assertThat(EventId.of("call-😀/𝄞").value()).isEqualTo("call-\uD83D\uDE00/\uD834\uDD1E");
  }

  @Test
  void json_isThePlainId() throws Exception {
    assertThat(new ObjectMapper().writeValueAsString(Map.of("id", EventId.of("call-1/\"quoted\""))))
        .isEqualTo("{\"id\":\"call-1/\\\"quoted\\\"\"}");
  }

  @Test
  void of_longestAllowed_accepted() {
    assertThat(EventId.of("x".repeat(EventId.MAX_LENGTH)).value()).hasSize(200);
  }

  @Test
  void of_tooLong_rejectedWithLengthAndPrefix() {
    String value = "call-" + "x".repeat(196);

    assertThatThrownBy(() -> EventId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event id must be at most 200 characters but was 201: 'call-xxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
  }

  @Test
  void of_empty_rejected() {
    assertThatThrownBy(() -> EventId.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event id must not be empty");
  }

  @Test
  void of_null_namesParameter() {
    assertThatThrownBy(() -> EventId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
  }

  @Test
  void of_controlCharacter_rejectedAndMaskedInMessage() {
    assertThatThrownBy(() -> EventId.of("call\n42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event id 'call?42' must not contain control characters");
  }

  @Test
  void of_c1ControlCharacter_rejectedAndMaskedInMessage() {
    assertThatThrownBy(() -> EventId.of("call\u008542"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event id 'call?42' must not contain control characters");
  }

  @Test
  void of_unicodeAndPunctuation_accepted() {
    assertThat(EventId.of("msg:é/👋 #1").value()).isEqualTo("msg:é/👋 #1");
  }

  @Test
  void derive_appendsSlashAndSuffix() {
    assertThat(EventId.of("call-42").derive("voice_minutes")).isEqualTo(EventId.of("call-42/voice_minutes"));
  }

  @Test
  void derive_nullOrEmptySuffix_rejected() {
    EventId id = EventId.of("call-42");

    assertThatThrownBy(() -> id.derive(null)).isInstanceOf(NullPointerException.class).hasMessage("suffix");
    assertThatThrownBy(() -> id.derive(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("suffix of an id derived from call-42 must not be empty");
  }

  @Test
  void derive_beyondMaxLength_rejected() {
    EventId id = EventId.of("x".repeat(195));

    assertThatThrownBy(() -> id.derive("calls"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event id must be at most 200 characters but was 201");
  }

  @Test
  void toString_isTheValue() {
    assertThat(EventId.of("call-42")).hasToString("call-42");
  }
}
