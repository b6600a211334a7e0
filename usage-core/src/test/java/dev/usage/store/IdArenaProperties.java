package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.EventId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** {@link IdArena} gives back every string it stored, with the row it was stored at. */
class IdArenaProperties {

  @Provide
  Arbitrary<String> ids() {
    // Any characters, lone surrogates included; ASCII often, as real ids are.
    Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(EventId.MAX_LENGTH);
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(EventId.MAX_LENGTH);
    Arbitrary<String> derived = Arbitraries.of("call_3f9a", "SM12", "ünï", "x").map(f -> f + "/calls");
    // Prefixes and runs of hexadecimal digits, packed two a byte: odd and even runs, leading
    // zeros, upper-case digits (not packed), prefixes that end in a digit or are empty.
    Arbitrary<String> hex = Combinators.combine(
        Arbitraries.of("", "call_", "SM", "chatcmpl-", "é-", "x9", "call_F"),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(40),
        Arbitraries.of("", "/calls", "/sms"))
        .as((prefix, digits, suffix) -> prefix + digits + suffix);
    return Arbitraries.oneOf(any, ascii, derived, hex);
  }

  @Property
  void text_returnsEveryStoredStringWithItsRow(@ForAll @Size(max = 300) List<@From("ids") String> ids) {
    StringDictionary metrics = new StringDictionary();
    int calls = metrics.intern("calls");
    IdArena arena = new IdArena(metrics);
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      offsets.add(arena.add(ids.get(i), i % 2 == 0 ? calls : 0, i % 7, i));
    }

    for (int i = 0; i < ids.size(); i++) {
      int offset = offsets.get(i);
      assertThat(arena.text(offset)).isEqualTo(ids.get(i));
      assertThat(arena.matches(offset, ids.get(i))).isTrue();
      assertThat(arena.matches(offset, ids.get(i) + "x")).isFalse();
      assertThat(arena.matches(offset, ids.get(i) + "0")).isFalse();
      assertThat(arena.matches(offset, ids.get(i).substring(1))).isFalse();
      for (int j = 0; j < ids.size(); j++) {
        if (!ids.get(j).equals(ids.get(i))) {
          assertThat(arena.matches(offset, ids.get(j))).isFalse();
        }
      }
      assertThat(arena.chunk(offset)).isEqualTo(i % 7);
      assertThat(arena.row(offset)).isEqualTo(i);
    }
  }

  @Example
  void add_fillsPagesWithoutSplittingAnEntry() {
    IdArena arena = new IdArena(new StringDictionary());
    String longest = "\u00e9".repeat(EventId.MAX_LENGTH);
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      offsets.add(arena.add(longest.substring(0, 1 + i % EventId.MAX_LENGTH), 0, 1_000_000, i * 1_000));
    }

    assertThat(arena.capacity()).isGreaterThan(5L * IdArena.PAGE_SIZE);
    for (int i = 0; i < 2_000; i++) {
      assertThat(arena.text(offsets.get(i))).isEqualTo(longest.substring(0, 1 + i % EventId.MAX_LENGTH));
      assertThat(arena.chunk(offsets.get(i))).isEqualTo(1_000_000);
      assertThat(arena.row(offsets.get(i))).isEqualTo(i * 1_000);
    }
  }

  @Example
  void add_hexRunTwoDigitsAByte() {
    IdArena arena = new IdArena(new StringDictionary());
    for (int i = 0; i < 10; i++) {
      arena.add("call_" + Long.toHexString(0x9e3779b97f4a7c15L + i), 0, 0, 0);
    }
    IdArena plain = new IdArena(new StringDictionary());
    for (int i = 0; i < 10; i++) {
      plain.add("call_" + Long.toHexString(0x9e3779b97f4a7c15L + i).toUpperCase(java.util.Locale.ROOT), 0, 0, 0);
    }

    // chunk and row, one byte each; a header; the prefix code; 16 digits, or 21 characters and a
    // two-byte header
    assertThat(arena.size()).isEqualTo(10 * (2 + 1 + 1 + 8));
    assertThat(plain.size()).isEqualTo(10 * (2 + 2 + 21));
  }

  @Example
  void add_metricSuffixOnlyWhenTheIdEndsWithSlashAndTheKey() {
    StringDictionary metrics = new StringDictionary();
    int calls = metrics.intern("calls");
    IdArena arena = new IdArena(metrics);

    for (String id : List.of("calls", "/calls", "xcalls", "a/calls", "a/callsx", "a//calls")) {
      int offset = arena.add(id, calls, 0, 0);
      assertThat(arena.text(offset)).isEqualTo(id);
      assertThat(arena.matches(offset, id)).isTrue();
      assertThat(arena.matches(offset, id + "/calls")).isFalse();
    }
  }
}
