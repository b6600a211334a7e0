package dev.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.DateTimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Checks that an entry point given outside data either answers or fails the documented way: an
 * {@link IllegalArgumentException} (or subclass), a {@link NullPointerException} naming the
 * parameter, or a {@link UsageOverflowException}, with the bad value in its message.
 */
public final class FailsCleanly {

  /** How much of a bad value a message must quote; long values are cut in messages. */
  private static final int PREFIX = 16;

  /** Every entry point answers in microseconds; a second means a loop or a runaway expansion. */
  private static final Duration LIMIT = Duration.ofSeconds(5);

  private static ExecutorService worker = newWorker();

  private FailsCleanly() {}

  /**
   * Asserts that {@code call} throws a documented exception whose message holds a recognisable
   * prefix of {@code badValue} (control characters may be shown as {@code ?}).
   */
  public static void assertFailsCleanly(ThrowingCallable call, String badValue) {
    Throwable thrown = null;
    try {
      withinLimit(() -> {
        try {
          call.call();
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
        return null;
      }, badValue);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      thrown = t;
    }
    if (thrown == null) {
      fail("expected a documented exception for '%s' but the call succeeded", badValue);
    }
    checkClean(thrown, badValue);
  }

  /**
   * Runs {@code call}: returns its answer for the caller to check, or empty after checking that it
   * failed cleanly.
   */
  public static <T> Optional<T> answerOrFailCleanly(Callable<T> call, String... badValues) {
    String badValue = badValues[0];
    try {
      // Preemptive, so that a call that loops or expands a value into gigabytes fails the test.
      return Optional.ofNullable(withinLimit(call, badValue));
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      checkClean(t, badValues);
      return Optional.empty();
    }
  }

  /**
   * Runs the call on a reused daemon thread and fails if it takes longer than {@link #LIMIT}. A
   * thread per call (JUnit's assertTimeoutPreemptively) made the fuzz suite three times slower.
   */
  private static synchronized <T> T withinLimit(Callable<T> call, String badValue) throws Throwable {
    Future<T> future = worker.submit(call);
    try {
      return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      throw new AssertionError("call took more than " + LIMIT + " for '" + printable(String.valueOf(badValue)) + "'");
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fails-cleanly");
      t.setDaemon(true);
      return t;
    });
  }

  private static void checkClean(Throwable thrown, String... badValues) {
    String badValue = badValues[0];
    boolean documented = thrown instanceof NullPointerException
        || thrown instanceof UsageOverflowException
        || (thrown instanceof IllegalArgumentException
            && !(thrown instanceof NumberFormatException));
    if (!documented || thrown instanceof DateTimeException) {
      throw new AssertionError("undocumented " + thrown.getClass().getName() + " for '"
          + printable(String.valueOf(badValue)) + "'", thrown);
    }
    String message = thrown.getMessage();
    assertThat(message).as("message of %s", thrown).isNotNull();
    boolean quoted = false;
    for (String bad : badValues) {
      // An empty part is quoted as '' and cannot be told from any other text.
      quoted |= bad == null || bad.isEmpty()
          || printable(message).contains(printable(bad.substring(0, Math.min(PREFIX, bad.length()))));
    }
    assertThat(quoted).as("message '%s' of %s quotes one of %s", printable(message),
        thrown.getClass().getSimpleName(), java.util.Arrays.toString(badValues)).isTrue();
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cc}", "?");
  }
}
