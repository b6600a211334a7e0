package dev.usage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.EventId;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A cursor reads back as the position it was made from, for every id an event may have. */
class ScanCursorProperties {

  @Property(tries = 1_000)
  void decode_readsBackWhatEncodeWrote(@ForAll("ids") EventId id, @ForAll("instants") Instant at) {
    ScanCursor cursor = new ScanCursor(at, id);
    assertThat(ScanCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Provide
  Arbitrary<EventId> ids() {
    // Any characters at all; those EventId refuses (controls, lone surrogates) are not ids.
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(EventId.MAX_LENGTH)
        .injectDuplicates(0.01)
        .filter(s -> {
          try {
            EventId.of(s);
            return true;
          } catch (IllegalArgumentException e) {
            return false;
          }
        })
        .map(EventId::of);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(-31_557_014_167_219_200L, 31_556_889_864_403_199L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
  }
}
