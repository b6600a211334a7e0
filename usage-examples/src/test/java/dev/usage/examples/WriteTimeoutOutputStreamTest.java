package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteTimeoutOutputStreamTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** A stream whose writes block until interrupted, as a socket write does when the client reads nothing. */
  private static final class Blocked extends OutputStream {
    final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void write(int b) throws IOException {
      try {
        never.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
    }
  }

  @Test
  void write_blockedPastTheTimeout_failsAndLeavesNoInterrupt() {
    WriteTimeoutOutputStream out = new WriteTimeoutOutputStream(new Blocked(), timer, Duration.ofMillis(200));
    long start = System.nanoTime();

    assertThatThrownBy(() -> out.write(1)).isInstanceOf(WriteTimeoutOutputStream.WriteTimeoutException.class)
        .hasMessageContaining("read nothing for 200 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    // the connection is given up: later writes fail at once
    assertThatThrownBy(() -> out.write(new byte[] {1, 2}, 0, 2))
        .isInstanceOf(WriteTimeoutOutputStream.WriteTimeoutException.class);
  }

  @Test
  void write_quick_passesThroughWithoutInterrupt() throws IOException, InterruptedException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    WriteTimeoutOutputStream out = new WriteTimeoutOutputStream(sink, timer, Duration.ofMillis(50));

    for (int i = 0; i < 1_000; i++) {
      out.write(new byte[] {(byte) i}, 0, 1);
    }
    out.flush();
    Thread.sleep(100); // past the timeout of every write: a late timer must not interrupt anything

    assertThat(sink.size()).isEqualTo(1_000);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(timer.getQueue()).isEmpty();
  }
}
