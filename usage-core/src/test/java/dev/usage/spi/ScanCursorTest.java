package dev.usage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.EventId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScanCursorTest {

  private static final Instant AT = Instant.parse("2026-05-01T10:15:30.000000123Z");

  @Test
  void decode_idWithLoneSurrogates_isTheSameId() {
    for (String id : new String[] {"\uD800", "a\uDC00b", "x\uD83D", "\uDE00\uD83D", "ok\uD83D\uDE00"}) {
      ScanCursor cursor = new ScanCursor(AT, EventId.of(id));

      assertThat(ScanCursor.decode(cursor.encode())).as("%s", id.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(cursor);
    }
  }

  @Test
  void encode_wellFormedId_keepsTheUtf8Form() {
    // Cursors handed out before lone surrogates were handled must still decode to the same position.
    String plain = "1777630530\n123\ncall-42/calls \uD83D\uDE00";
    String issued = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

    ScanCursor cursor = new ScanCursor(AT, EventId.of("call-42/calls \uD83D\uDE00"));
    assertThat(cursor.encode()).isEqualTo(issued);
    assertThat(ScanCursor.decode(issued)).isEqualTo(cursor);
  }

  @Test
  void decode_truncatedHexId_failsCleanly() {
    String plain = "1777630530\n123\n\nd80";
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ScanCursor.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
