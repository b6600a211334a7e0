package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void run_printsSegmentsIncrementsAndRanges() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(clock);
    String out = bytes.toString(StandardCharsets.UTF_8);

    // the emoji message is UCS-2; the one with { } € is GSM-7 with escapes (179 characters + 12 escapes = 191 septets)
    assertThat(out).containsPattern("UCS_2 +59 +60 +1 +Thanks for calling");
    assertThat(out).containsPattern("GSM_7 +179 +191 +2 +Use code");
    assertThat(out).containsPattern(" 61s +120s +90s +66s +61s");
    assertThat(out).contains("is on 2026-05-01 in UTC", "and on 2026-04-30 in America/Los_Angeles");
    assertThat(out).contains("month to date: 2026-11-01/2026-11-23, last 7 days: 2026-11-17/2026-11-23");
  }
}
