package dev.usage;

/**
 * Thrown when a sum of credits or quantities would leave the range the library represents
 * exactly. Nothing is ever wrapped or clamped: an invoice total that cannot be represented is an
 * error, not a number.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class UsageOverflowException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the operation and its operands
   */
  public UsageOverflowException(String message) {
    super(message);
  }

  /**
   * {@return {@code a + b}}
   *
   * @param what names what is being added, for the message
   * @param a the first addend
   * @param b the second addend
   * @throws UsageOverflowException if the sum overflows a {@code long}
   */
  public static long addExact(long a, long b, String what) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw new UsageOverflowException(what + " overflow: " + a + " + " + b + " is out of range");
    }
    return r;
  }

  /**
   * {@return {@code a × b}}
   *
   * @param what names what is being multiplied, for the message
   * @param a the multiplicand
   * @param b the multiplier
   * @throws UsageOverflowException if the product overflows a {@code long}
   */
  public static long multiplyExact(long a, long b, String what) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    throw new UsageOverflowException(what + " overflow: " + a + " × " + b + " is out of range");
  }
}
