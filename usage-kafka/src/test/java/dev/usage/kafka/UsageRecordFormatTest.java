package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import dev.usage.metric.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageRecordFormatTest {

  private final UsageRecordFormat format = UsageRecordFormat.over(MetricCatalog.builtIn());

  // Records written as version 1 and frozen: a reader of any later version must still read them.

  @Test
  void readsAFrozenVersionOneSmsRecord() throws IOException {
    assertThat(format.read(resource("sms.json"))).isEqualTo(
        UsageEvent.builder(EventId.of("msg-1001/sms_outbound"), TenantId.of("acme", "acme-support"), Metrics.SMS_OUTBOUND)
            .at(Instant.parse("2026-11-19T08:30:00Z"))
            .quantity(3)
            .dimensions(Dimensions.builder().channel(Channel.SMS).direction(Direction.OUTBOUND)
                .phoneNumber("+14155550100").build())
            .build());
  }

  @Test
  void readsAFrozenVersionOneRecordWithFieldsInAnyOrderAndACustomDimension() throws IOException {
    assertThat(format.read(resource("voice-custom.json"))).isEqualTo(
        UsageEvent.builder(EventId.of("call-7/voice_minutes"), TenantId.of("acme", "acme-sales"), Metrics.VOICE_MINUTES)
            .at(Instant.parse("2026-11-18T23:59:59.250Z"))
            .quantity(185)
            .dimensions(Dimensions.builder().channel(Channel.VOICE).member("m-7").callId("call-7")
                .custom("acme:region", "eu-west").build())
            .build());
  }

  @Test
  void skipsFieldsItDoesNotKnowAndReadsAbsentDimensionsAsNone() throws IOException {
    UsageEvent event = format.read(resource("no-dimensions-extra-field.json"));
    assertThat(event.dimensions()).isEqualTo(Dimensions.none());
    assertThat(event.metric()).isEqualTo(Metrics.CALLS);
    assertThat(event.tenant()).isEqualTo(TenantId.of("initech", "initech-clinic"));
  }

  @Test
  void writesWhatItReads() {
    UsageEvent event = UsageEvent.builder(EventId.of("e-1"), TenantId.of("acme", "a"), Metrics.VOICE_MINUTES)
        .at(Instant.parse("2026-11-19T08:30:00.123456789Z"))
        .quantity(Long.MAX_VALUE)
        .dimensions(Dimensions.builder().channel(Channel.VOICE).member("\"quoted\" \\ ünïcødé 😀")
            .custom("x:y", "z").build())
        .build();
    byte[] written = format.write(event);
    assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"id\":\"e-1\"");
    assertThat(format.read(written)).isEqualTo(event);
  }

  @Test
  void refusesToWriteAReversal() {
    UsageEvent event = UsageEvent.builder(EventId.of("e-1"), TenantId.of("acme", "a"), Metrics.CALLS)
        .at(Instant.parse("2026-11-19T08:30:00Z")).quantity(1).build();
    assertThatThrownBy(() -> format.write(event.reversal(EventId.of("e-1-rev"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e-1-rev").hasMessageContaining("UsageEngine.reverse");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not JSON              | not json at all                                                  | MALFORMED           | not valid JSON
      an array              | [1,2]                                                            | MALFORMED           | not a JSON object
      truncated             | {"v":1,"id":"a"                                                  | MALFORMED           | not valid JSON
      two objects           | {"v":1} {"v":1}                                                   | MALFORMED           | more than one
      no version            | {"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | MALFORMED | 'v'
      a later version       | {"v":2,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | UNSUPPORTED_VERSION | version 2
      version zero          | {"v":0,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | UNSUPPORTED_VERSION | version 0
      no id                 | {"v":1,"org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | MALFORMED | 'id'
      quantity as text      | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":"1"} | MALFORMED | 'quantity'
      quantity fractional   | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1.5} | MALFORMED | 'quantity'
      quantity too big      | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":9223372036854775808} | MALFORMED | 64 bits
      negative quantity     | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":-1} | MALFORMED | -1
      a local time          | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00","metric":"calls","quantity":1} | MALFORMED | 2026-11-19T08:30:00
      a bad tenant          | {"v":1,"id":"a","org":"o/x","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | MALFORMED | o/x
      an unknown metric     | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"minutes_on_mars","quantity":1} | UNKNOWN_METRIC | minutes_on_mars
      a bad phone number    | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1,"dimensions":{"phone_number":"555"}} | MALFORMED | phone_number
      an unnamespaced key   | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1,"dimensions":{"region":"eu"}} | MALFORMED | region
      a lone surrogate      | {"v":1,"id":"a\\ud800","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1} | MALFORMED | lone surrogate
      a NUL in a dimension  | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1,"dimensions":{"member":"x\\u0000"}} | MALFORMED | U+0000
      a number dimension    | {"v":1,"id":"a","org":"o","ws":"w","at":"2026-11-19T08:30:00Z","metric":"calls","quantity":1,"dimensions":{"member":7}} | MALFORMED | dimensions.member
      """)
  void refusesWhatIsNotARecordNamingWhy(String what, String json, UnreadableRecordException.Reason reason,
      String named) {
    assertThatThrownBy(() -> format.read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(UnreadableRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(named);
  }

  @Test
  void refusesAnEmptyValueAsATombstoneHas() {
    assertThatThrownBy(() -> format.read(null)).isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("no value");
    assertThatThrownBy(() -> format.read(new byte[0])).isInstanceOf(UnreadableRecordException.class);
  }

  @Test
  void refusesDeepNestingWithoutRecursingIntoIt() {
    String deep = "{\"v\":1,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThatThrownBy(() -> format.read(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(UnreadableRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreadableRecordException.Reason.MALFORMED));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = UsageRecordFormatTest.class.getResourceAsStream("/records/v1/" + name)) {
      return in.readAllBytes();
    }
  }
}
