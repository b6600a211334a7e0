package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelTest {

  @Test
  void constants_initialise() {
    // Regression: the constants were built before the name pattern, so the class failed to load.
    assertThat(Channel.VOICE.name()).isEqualTo("voice");
    assertThat(Channel.WEB_CHAT.name()).isEqualTo("web_chat");
    assertThat(Channel.SMS).hasToString("sms");
  }

  @Test
  void of_knownName_equalsConstant() {
    assertThat(Channel.of("whatsapp")).isEqualTo(Channel.WHATSAPP);
    assertThat(Channel.of("chat")).isEqualTo(Channel.CHAT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line", "wechat", "x", "rcs-business", "a_b", "9lives"})
  void of_customName_isAllowed(String name) {
    assertThat(Channel.of(name).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Voice", "web chat", "-sms", "_x", "é", "abcdefghijklmnopqrstuvwxyz0123456"})
  void of_malformedName_rejectedNamingIt(String name) {
    assertThatThrownBy(() -> Channel.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel name '" + name + "' must be 1 to 32 lowercase letters, digits, '_' or '-'");
  }

  @Test
  void of_null_namesParameter() {
    assertThatThrownBy(() -> Channel.of(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @Test
  void isVoice_onlyVoiceAndPhone() {
    assertThat(Channel.VOICE.isVoice()).isTrue();
    assertThat(Channel.PHONE.isVoice()).isTrue();
    assertThat(Channel.WEB_CHAT.isVoice()).isFalse();
    assertThat(Channel.CHAT.isVoice()).isFalse();
    assertThat(Channel.SMS.isVoice()).isFalse();
    assertThat(Channel.of("line").isVoice()).isFalse();
  }
}
