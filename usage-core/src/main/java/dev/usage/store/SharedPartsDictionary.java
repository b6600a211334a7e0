package dev.usage.store;

import dev.usage.metric.Metric;
import dev.usage.pricing.PricingTrace;
import java.util.Arrays;
import java.util.HashMap;
import java.util.SortedMap;

/**
 * One tenant's distinct {@link SharedParts}, each under a dense code from 0.
 *
 * <p>A rate card makes each of its traces once, so most events carry the very objects an earlier
 * event did: a small cache keyed by the trace's identity answers those without allocating or
 * hashing. Otherwise the codes of the last few distinct parts are tried, comparing fields, before
 * the parts are hashed, which reads every field of a pricing trace.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class SharedPartsDictionary {

  private static final int RECENT = 8;
  private static final int SAME = 64;

  private final HashMap<SharedParts, Integer> codes = new HashMap<>();
  private SharedParts[] values = new SharedParts[8];
  private int size;
  private final int[] recent = new int[RECENT];
  private int recentCount;
  private int nextRecent;
  /** By identity hash of the trace: the metric, trace and custom map objects last seen, and their code. */
  private final Metric[] sameMetric = new Metric[SAME];
  private final PricingTrace[] sameTrace = new PricingTrace[SAME];
  private final Object[] sameCustom = new Object[SAME];
  private final int[] sameCode = new int[SAME];

  /**
   * Returns the code of the parts made of these objects, giving them the next code if they are new.
   *
   * @param metric the event's metric
   * @param trace its pricing trace
   * @param custom its custom dimensions
   * @return the code
   */
  int intern(Metric metric, PricingTrace trace, SortedMap<String, String> custom) {
    int i = System.identityHashCode(trace) & (SAME - 1);
    if (sameTrace[i] == trace && sameMetric[i] == metric && sameCustom[i] == custom) {
      return sameCode[i];
    }
    int code = intern(new SharedParts(metric, trace, custom));
    sameMetric[i] = metric;
    sameTrace[i] = trace;
    sameCustom[i] = custom;
    sameCode[i] = code;
    return code;
  }

  /**
   * Returns the code of {@code parts}, giving it the next code if it is new.
   *
   * @param parts the parts of an event
   * @return its code
   */
  int intern(SharedParts parts) {
    for (int i = 0; i < recentCount; i++) {
      int code = recent[i];
      if (values[code].equals(parts)) {
        return code;
      }
    }
    Integer known = codes.get(parts);
    int code;
    if (known != null) {
      code = known;
    } else {
      code = size++;
      if (code == values.length) {
        values = Arrays.copyOf(values, code * 2);
      }
      values[code] = parts;
      codes.put(parts, code);
    }
    recent[nextRecent] = code;
    nextRecent = (nextRecent + 1) % RECENT;
    if (recentCount < RECENT) {
      recentCount++;
    }
    return code;
  }

  /**
   * Returns the parts with a code.
   *
   * @param code from 0 to the number of distinct parts less one
   * @return the parts
   */
  SharedParts value(int code) {
    return values[code];
  }
}
