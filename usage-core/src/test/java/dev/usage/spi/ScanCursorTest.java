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
  void encode_keepsTheFormOfCursorsAlreadyHandedOut() {
    // Clients hold cursors between requests, across upgrades: the form must not change.
    String plain = "1777630530\n123\ncall-42/calls \uD83D\uDE00";
    String issued = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

    ScanCursor cursor = new ScanCursor(AT, EventId.of("call-42/calls \uD83D\uDE00"));
    assertThat(cursor.encode()).isEqualTo(issued);
    assertThat(ScanCursor.decode(issued)).isEqualTo(cursor);
  }

  @Test
  void decode_aCursorWhoseIdIsNoId_failsNamingTheCursor() {
    // An id with a lone surrogate cannot be made (EventId refuses it), so no cursor carries one.
    String plain = "1777630530\n123\n\u0001";
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ScanCursor.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
