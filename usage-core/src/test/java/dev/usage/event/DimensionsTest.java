package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DimensionsTest {

  @Test
  void valuesWithALoneSurrogate_rejectedAndPairsKept() {
    assertThatThrownBy(() -> Dimensions.builder().member("ana\uD83D"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension member value").hasMessageContaining("lone surrogate U+D83D at index 3");
    assertThatThrownBy(() -> Dimensions.builder().custom("acme:tag", "\uDE00"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acme:tag");
    assertThat(Dimensions.builder().member("ana 😀").build().get(DimensionKey.MEMBER)).contains("ana 😀");
    assertThatThrownBy(() -> Dimensions.builder().assistant("bot\u0000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0000").hasMessageContaining("index 3");
  }

  @Test
  void none_hasNoValues() {
    assertThat(Dimensions.none().asMap()).isEmpty();
    assertThat(Dimensions.none().customValues()).isEmpty();
    assertThat(Dimensions.none().get(DimensionKey.CHANNEL)).isEmpty();
    assertThat(Dimensions.none()).isEqualTo(Dimensions.builder().build()).hasToString("{}");
  }

  @Test
  void builder_typedSetters_storeKeys() {
    Dimensions d = Dimensions.builder()
        .channel(Channel.VOICE).direction(Direction.INBOUND).provider("openai").model("gpt-4o-mini")
        .modelType(ModelType.REALTIME).phoneNumber("+14155550100").member("m-1").assistant("bot")
        .campaign("spring").contact("c-1").callId("call-42")
        .build();

    assertThat(d.asMap()).containsExactly(
        entry(DimensionKey.CHANNEL, "voice"), entry(DimensionKey.DIRECTION, "inbound"),
        entry(DimensionKey.PROVIDER, "openai"), entry(DimensionKey.MODEL, "gpt-4o-mini"),
        entry(DimensionKey.MODEL_TYPE, "realtime"), entry(DimensionKey.PHONE_NUMBER, "+14155550100"),
        entry(DimensionKey.MEMBER, "m-1"), entry(DimensionKey.ASSISTANT, "bot"),
        entry(DimensionKey.CAMPAIGN, "spring"), entry(DimensionKey.CONTACT, "c-1"),
        entry(DimensionKey.CALL_ID, "call-42"));
    assertThat(d.channel()).contains(Channel.VOICE);
    assertThat(d.direction()).contains(Direction.INBOUND);
    assertThat(d.modelType()).contains(ModelType.REALTIME);
    assertThat(d.valueOrNull(DimensionKey.MEMBER)).isEqualTo("m-1");
    assertThat(d.valueOrNull(DimensionKey.PROVIDER)).isEqualTo("openai");
  }

  @Test
  void valueOrNull_absent_isNull() {
    assertThat(Dimensions.none().valueOrNull(DimensionKey.MODEL)).isNull();
  }

  @Test
  void typedGetters_absent_areEmpty() {
    assertThat(Dimensions.none().channel()).isEmpty();
    assertThat(Dimensions.none().direction()).isEmpty();
    assertThat(Dimensions.none().modelType()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+14155550100", "+447911123456", "+12", "+123456789012345"})
  void phoneNumber_e164_accepted(String number) {
    assertThat(Dimensions.builder().phoneNumber(number).build().get(DimensionKey.PHONE_NUMBER)).contains(number);
  }

  @ParameterizedTest
  @ValueSource(strings = {"14155550100", "+04155550100", "+1", "+1234567890123456", "+1 415 555 0100", "+1-415"})
  void phoneNumber_notE164_rejectedNamingIt(String number) {
    assertThatThrownBy(() -> Dimensions.builder().phoneNumber(number))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("phone number '" + number + "' must be E.164, e.g. +14155550100");
  }

  @Test
  void set_directionOtherThanInboundOrOutbound_rejected() {
    assertThatThrownBy(() -> Dimensions.builder().set(DimensionKey.DIRECTION, "INBOUND"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("direction must be 'inbound' or 'outbound' but was 'INBOUND'");
  }

  @Test
  void set_modelTypeOtherThanChatOrRealtime_rejected() {
    assertThatThrownBy(() -> Dimensions.builder().set(DimensionKey.MODEL_TYPE, "embedding"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model type must be 'chat' or 'realtime' but was 'embedding'");
  }

  @Test
  void set_malformedChannel_rejected() {
    assertThatThrownBy(() -> Dimensions.builder().set(DimensionKey.CHANNEL, "Web Chat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("channel name 'Web Chat' must be");
  }

  @Test
  void set_customChannelName_accepted() {
    assertThat(Dimensions.builder().set(DimensionKey.CHANNEL, "line").build().channel()).contains(Channel.of("line"));
  }

  @Test
  void set_emptyValue_rejectedNamingKey() {
    assertThatThrownBy(() -> Dimensions.builder().member(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension member must not be empty");
  }

  @Test
  void set_valueAtAndBeyondMaxLength() {
    String longest = "m".repeat(Dimensions.MAX_VALUE_LENGTH);

    assertThat(Dimensions.builder().member(longest).build().get(DimensionKey.MEMBER)).contains(longest);
    assertThatThrownBy(() -> Dimensions.builder().member(longest + "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension member must be at most 256 characters but was 257");
  }

  @Test
  void set_nullValue_namesKey() {
    assertThatThrownBy(() -> Dimensions.builder().campaign(null))
        .isInstanceOf(NullPointerException.class).hasMessage("campaign");
    assertThatThrownBy(() -> Dimensions.builder().set(null, "x"))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> Dimensions.builder().channel(null))
        .isInstanceOf(NullPointerException.class).hasMessage("channel");
  }

  @Test
  void custom_namespacedKey_keptSorted() {
    Dimensions d = Dimensions.builder().custom("acme:zone", "b").custom("acme:region", "eu").build();

    assertThat(d.custom("acme:region")).contains("eu");
    assertThat(d.custom("acme:nope")).isEmpty();
    assertThat(d.customValues()).containsExactly(entry("acme:region", "eu"), entry("acme:zone", "b"));
    assertThat(d.asMap()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"region", "Acme:region", "acme:", ":region", "acme:Region", "acme:re gion", "a:b:c"})
  void custom_malformedKey_rejectedNamingIt(String key) {
    assertThatThrownBy(() -> Dimensions.builder().custom(key, "eu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("custom dimension key '" + key
            + "' must be 'namespace:name' in lowercase letters, digits, '_', '-' or '.'");
  }

  @Test
  void custom_emptyValue_rejectedNamingKey() {
    assertThatThrownBy(() -> Dimensions.builder().custom("acme:region", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension acme:region must not be empty");
  }

  @Test
  void equalsAndHashCode_byValuesAndCustomValues() {
    Dimensions a = Dimensions.builder().member("m").custom("acme:region", "eu").build();
    Dimensions b = Dimensions.builder().custom("acme:region", "eu").member("m").build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Dimensions.builder().member("m").build());
    assertThat(a).isNotEqualTo(Dimensions.builder().member("m").custom("acme:region", "us").build());
    assertThat(a).isNotEqualTo(Dimensions.builder().assistant("m").custom("acme:region", "eu").build());
  }

  @Test
  void toBuilder_copiesWithoutChangingTheOriginal() {
    Dimensions original = Dimensions.builder().member("m").custom("acme:region", "eu").build();

    Dimensions changed = original.toBuilder().member("n").custom("acme:region", "us").campaign("c").build();

    assertThat(original).isEqualTo(Dimensions.builder().member("m").custom("acme:region", "eu").build());
    assertThat(changed.get(DimensionKey.MEMBER)).contains("n");
    assertThat(changed.custom("acme:region")).contains("us");
    assertThat(original.toBuilder().build()).isEqualTo(original);
  }

  @Test
  void build_laterBuilderChanges_doNotLeakIntoBuiltValue() {
    Dimensions.Builder builder = Dimensions.builder().member("m");
    Dimensions built = builder.build();

    builder.member("other").custom("acme:x", "y");

    assertThat(built.get(DimensionKey.MEMBER)).contains("m");
    assertThat(built.customValues()).isEmpty();
  }

  @Test
  void toString_listsPresentValuesThenCustom() {
    Dimensions d = Dimensions.builder().direction(Direction.OUTBOUND).channel(Channel.SMS)
        .custom("acme:region", "eu").build();

    assertThat(d).hasToString("{channel=sms, direction=outbound, acme:region=eu}");
  }

  @Test
  void customValues_isUnmodifiable() {
    Dimensions d = Dimensions.builder().custom("acme:region", "eu").build();

    assertThatThrownBy(() -> d.customValues().put("acme:x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
