package dev.usage.benchmarks.sms;

import dev.usage.sms.SmsAnalysis;
import dev.usage.sms.SmsSegments;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

// JMH settings stated per class on purpose, as in JMH's samples: each benchmark says how it is run.
/**
 * Measures {@link SmsSegments} on realistic message texts against two baselines in the same run:
 * {@link #baselineReadChars()}, which only reads every char (the memory-read floor), and {@link
 * #naiveSetOfCharacter()}, the {@code Set<Character>} lookup many SMS libraries use.
 *
 * <p>Scores are nanoseconds per message. Throughput in MB/s counts the text's UTF-16 input bytes,
 * two per Java char, in decimal megabytes: {@code MB/s = 2 * chars / (ns/op) * 1000}. The char
 * count of each text is in {@link Text}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SmsSegmentsBenchmark {

  /** Message texts, each named for its encoding and shape. */
  public enum Text {
    /** A one-time password: 59 chars, GSM-7, one segment; the most common message. */
    OTP_GSM("Your Acme code is 482913. Valid for 10 min. Never share it."),

    /** A marketing message: 300 chars, 302 septets with two euro signs, two segments. */
    MARKETING_GSM(
        "Spring sale at Acme! Get 25% off every plan until 31/03 and save up to \u20AC40 a"
            + " month. Upgrade in the app or reply YES and we'll do it for you. Already on an"
            + " annual plan? You get an extra month free. Questions? Call 0800 123 456, Mon-Fri"
            + " 9:00-18:00. Costs \u20AC0 to reply. T&Cs apply. Reply STOP to opt out."),

    /** Russian with three emoji: 195 chars, UCS-2 with surrogate pairs, three segments. */
    CYRILLIC_EMOJI_UCS2(
        "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435! "
            + "\u0412\u0430\u0448 \u0437\u0430\u043A\u0430\u0437 \u2116 48213 "
            + "\u043F\u0435\u0440\u0435\u0434\u0430\u043D \u0432 \u0434\u043E\u0441\u0442"
            + "\u0430\u0432\u043A\u0443 \uD83D\uDE9A \u0438 \u043F\u0440\u0438\u0431\u0443"
            + "\u0434\u0435\u0442 \u0437\u0430\u0432\u0442\u0440\u0430 \u0441 10:00 \u0434"
            + "\u043E 14:00. \u041A\u0443\u0440\u044C\u0435\u0440 \u043F\u043E\u0437\u0432"
            + "\u043E\u043D\u0438\u0442 \u0437\u0430 \u0447\u0430\u0441 \u0434\u043E "
            + "\u043F\u0440\u0438\u0435\u0437\u0434\u0430 \uD83D\uDCDE. \u0421\u043F\u0430"
            + "\u0441\u0438\u0431\u043E, \u0447\u0442\u043E \u0432\u044B\u0431\u0440\u0430"
            + "\u043B\u0438 \u043D\u0430\u0441! \uD83C\uDF89 \u041E\u0442\u0441\u043B\u0435"
            + "\u0434\u0438\u0442\u044C: acme.ru/t/48213 \u0414\u043E \u0432\u0441\u0442\u0440"
            + "\u0435\u0447\u0438!"),

    /** A long notice: 1,200 chars, 1,208 septets, eight segments; shows streaming speed. */
    LONG_GSM(MARKETING_GSM.text.repeat(4));

    final String text;

    Text(String text) {
      this.text = text;
    }
  }

  /** The GSM basic table and extension table as a set, as a naive implementation holds them. */
  private static final Set<Character> GSM_BASIC = new HashSet<>();

  private static final Set<Character> GSM_EXTENSION = new HashSet<>();

  static {
    String basic =
        "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
            + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u00C6\u00E6"
            + "\u00DF\u00C9 !\"#\u00A4%&'()*+,-./0123456789:;<=>?\u00A1ABCDEFGHIJKLMNOPQRSTUV"
            + "WXYZ\u00C4\u00D6\u00D1\u00DC\u00A7\u00BFabcdefghijklmnopqrstuvwxyz\u00E4\u00F6"
            + "\u00F1\u00FC\u00E0";
    for (char c : basic.toCharArray()) {
      GSM_BASIC.add(c);
    }
    for (char c : "\f^{}\\[~]|\u20AC".toCharArray()) {
      GSM_EXTENSION.add(c);
    }
  }

  @Param public Text input;

  private String text;

  @Setup
  public void setUp() {
    text = input.text;
  }

  /** Reads every char once and sums them: the floor any analysis of the text pays. */
  @Benchmark
  public int baselineReadChars() {
    String s = text;
    int sum = 0;
    for (int i = 0; i < s.length(); i++) {
      sum += s.charAt(i);
    }
    return sum;
  }

  /**
   * Counts segments the way a {@code Set<Character>} implementation does: boxed lookups, code
   * point iteration, and a list of segment strings. Kept close to what the library returns so the
   * ratio compares like with like.
   */
  @Benchmark
  public int naiveSetOfCharacter() {
    String s = text;
    boolean gsm = true;
    for (int i = 0; i < s.length(); i++) {
      Character c = s.charAt(i);
      if (!GSM_BASIC.contains(c) && !GSM_EXTENSION.contains(c)) {
        gsm = false;
        break;
      }
    }
    int single = gsm ? 160 : 70;
    int multi = gsm ? 153 : 67;
    int units = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      units += gsm ? (GSM_EXTENSION.contains((char) cp) ? 2 : 1) : Character.charCount(cp);
      i += Character.charCount(cp);
    }
    if (units <= single) {
      return 1;
    }
    java.util.List<String> segments = new java.util.ArrayList<>();
    int start = 0;
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      int cost = gsm ? (GSM_EXTENSION.contains((char) cp) ? 2 : 1) : n;
      if (used + cost > multi) {
        segments.add(s.substring(start, i));
        start = i;
        used = 0;
      }
      used += cost;
      i += n;
    }
    segments.add(s.substring(start));
    return segments.size();
  }

  /** The full analysis, with segment strings. */
  @Benchmark
  public SmsAnalysis analyze() {
    return SmsSegments.analyze(text);
  }

  /** The allocation-free count a pricing path needs. */
  @Benchmark
  public int segmentCount() {
    return SmsSegments.segmentCount(text);
  }
}
