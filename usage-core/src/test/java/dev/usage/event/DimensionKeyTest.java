package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DimensionKeyTest {

  @ParameterizedTest
  @EnumSource(DimensionKey.class)
  void fromKey_roundTripsKey(DimensionKey key) {
    assertThat(DimensionKey.fromKey(key.key())).contains(key);
  }

  @Test
  void key_isLowercaseName() {
    assertThat(DimensionKey.PHONE_NUMBER.key()).isEqualTo("phone_number");
    assertThat(DimensionKey.CALL_ID.key()).isEqualTo("call_id");
  }

  @Test
  void fromKey_unknownOrUppercase_isEmpty() {
    assertThat(DimensionKey.fromKey("region")).isEmpty();
    assertThat(DimensionKey.fromKey("CHANNEL")).isEmpty();
  }

  @Test
  void directionAndModelType_keysAreLowercase() {
    assertThat(Direction.INBOUND.key()).isEqualTo("inbound");
    assertThat(Direction.OUTBOUND.key()).isEqualTo("outbound");
    assertThat(ModelType.CHAT.key()).isEqualTo("chat");
    assertThat(ModelType.REALTIME.key()).isEqualTo("realtime");
  }

  @Test
  void dialer_isAi() {
    assertThat(Dialer.AI_STANDARD_VOICE.isAi()).isTrue();
    assertThat(Dialer.AI_PREMIUM_VOICE.isAi()).isTrue();
    assertThat(Dialer.HUMAN.isAi()).isFalse();
  }
}
