package dev.usage.examples;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * An output stream that gives up on a reader that stopped reading: a write, flush or close that
 * blocks for longer than the timeout fails with {@link WriteTimeoutException}, and the socket
 * under it is closed.
 *
 * <p>The JDK's HTTP server writes to a blocking {@code SocketChannel} and has no write timeout of
 * its own ({@code sun.net.httpserver.maxRspTime} limits a whole response, which would also cut a
 * long export to a client that reads it). A blocking channel is interruptible, so the timer
 * interrupts the writing thread, which closes the channel and ends the blocked write. The
 * interrupt is sent only while the thread is inside the wrapped stream, under the same lock that
 * ends the write, so it never lands in other code (a JDBC driver, say) and its flag is cleared
 * before the stream returns.
 *
 * <p>This class is not thread-safe: one thread writes at a time, as an HTTP exchange does.
 */
final class WriteTimeoutOutputStream extends FilterOutputStream {

  private final ScheduledExecutorService timer;
  private final Duration timeout;
  private final Object lock = new Object();
  // guarded by lock: the thread inside the wrapped stream, or null; which write; whether it timed out
  private Thread writer;
  private long write;
  private boolean timedOut;

  /**
   * Wraps a stream.
   *
   * @param out the stream to the client
   * @param timer runs the timeouts; its tasks must be short
   * @param timeout how long one write may block; positive
   */
  WriteTimeoutOutputStream(OutputStream out, ScheduledExecutorService timer, Duration timeout) {
    super(requireNonNull(out, "out"));
    this.timer = requireNonNull(timer, "timer");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  @Override
  public void write(int b) throws IOException {
    guarded(() -> out.write(b));
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    guarded(() -> out.write(b, off, len));
  }

  @Override
  public void flush() throws IOException {
    guarded(out::flush);
  }

  /** Closes the wrapped stream, which for a chunked response writes its last chunk: that may block too. */
  @Override
  public void close() throws IOException {
    guarded(out::close);
  }

  private void guarded(Write action) throws IOException {
    long current;
    synchronized (lock) {
      if (timedOut) {
        throw new WriteTimeoutException(timeout, null);
      }
      writer = Thread.currentThread();
      current = ++write;
    }
    ScheduledFuture<?> alarm = timer.schedule(() -> expire(current), timeout.toNanos(), NANOSECONDS);
    IOException failure = null;
    boolean expired;
    try {
      action.run();
    } catch (IOException e) {
      failure = e;
    } finally {
      alarm.cancel(false);
      expired = settle();
    }
    if (expired) {
      throw new WriteTimeoutException(timeout, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void expire(long which) {
    synchronized (lock) {
      if (writer != null && write == which) {
        timedOut = true;
        writer.interrupt();
      }
    }
  }

  /** Ends a write; returns whether it timed out, clearing the interrupt the timeout sent. */
  private boolean settle() {
    synchronized (lock) {
      writer = null;
      if (timedOut) {
        Thread.interrupted();
      }
      return timedOut;
    }
  }

  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  /**
   * The client read nothing for the whole timeout; the connection is closed.
   *
   * <p>This class is not thread-safe.
   */
  static final class WriteTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    WriteTimeoutException(Duration timeout, IOException cause) {
      super("the client read nothing for " + timeout.toMillis() + " ms; the response was abandoned");
      initCause(cause);
    }
  }
}
