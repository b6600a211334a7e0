package dev.usage.examples;

import dev.usage.pricing.BillingIncrement;
import dev.usage.sms.SmsAnalysis;
import dev.usage.sms.SmsSegments;
import dev.usage.time.UsageRange;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The README's first command: shows the library's primitives on sample input.
 *
 * <p>This class is not thread-safe.
 */
public final class Demo {

  private static final List<String> MESSAGES = List.of(
      "Your verification code is 123456. Do not share it with anyone.",
      "Reminder: your appointment is tomorrow at 10:00. Reply C to confirm or R to reschedule.",
      "Prix spécial : -20 % sur votre abonnement ce week-end ! Répondez STOP pour vous désabonner.",
      "Thanks for calling! 😀 We'll text you when your order ships.",
      "Use code {SAVE20} for 20 € off - today only. ".repeat(4).trim());

  private static final List<Duration> CALLS = List.of(
      Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ofSeconds(61),
      Duration.ofSeconds(125), Duration.ofMinutes(10).plusSeconds(1));

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints the demo to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    new Demo(System.out).run(Clock.systemUTC());
  }

  void run(Clock clock) {
    printSms();
    printIncrements();
    printRanges(clock);
  }

  private void printSms() {
    out.println("SMS segments (3GPP TS 23.038 / 23.040)");
    out.printf("  %-8s %5s %5s %5s  %s%n", "encoding", "chars", "units", "segs", "text");
    for (String text : MESSAGES) {
      SmsAnalysis a = SmsSegments.analyze(text);
      out.printf("  %-8s %5d %5d %5d  %s%n", a.encoding(), a.characterCount(), a.unitCount(),
          a.segmentCount(), abbreviate(text, 60));
    }
    out.println();
  }

  private void printIncrements() {
    List<BillingIncrement> plans = List.of(
        BillingIncrement.PER_MINUTE, BillingIncrement.PER_HALF_MINUTE, BillingIncrement.parse("60/6"),
        BillingIncrement.PER_SECOND);
    out.println("Billable seconds by increment");
    StringBuilder header = new StringBuilder(String.format("  %8s", "actual"));
    plans.forEach(p -> header.append(String.format(" %8s", p)));
    out.println(header);
    for (Duration call : CALLS) {
      StringBuilder row = new StringBuilder(String.format("  %7ds", call.getSeconds()));
      plans.forEach(p -> row.append(String.format(" %7ds", p.billableSeconds(call))));
      out.println(row);
    }
    out.println();
  }

  private void printRanges(Clock clock) {
    UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
    Instant lateCall = Instant.parse("2026-05-01T05:00:00Z");
    out.println("Day ranges (inclusive days, half-open instants)");
    out.printf("  %-34s %s .. %s (%d days)%n", april, april.startInstant(), april.endInstant(), april.dayCount());
    out.printf("  a call at %s (22:00 on 30 April in Los Angeles) is on %s in UTC%n",
        lateCall, april.dayOf(lateCall));
    UsageRange la = UsageRange.of(april.start(), april.endInclusive(), ZoneId.of("America/Los_Angeles"));
    out.printf("  ... and on %s in %s%n", la.dayOf(lateCall), la.zone());
    out.printf("  month to date: %s, last 7 days: %s%n",
        UsageRange.monthToDate(clock), UsageRange.lastDays(7, clock));
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
