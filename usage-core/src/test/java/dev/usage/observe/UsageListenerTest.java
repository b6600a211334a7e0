package dev.usage.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UsageListenerTest {

  @Test
  @DisplayName("guarding NONE or a guarded listener returns it as it is, so the cheap NONE check still holds")
  void guarded_noneAndGuarded_returnedAsTheyAre() {
    UsageListener once = UsageListener.guarded(new RecordingListener());

    assertThat(UsageListener.guarded(UsageListener.NONE)).isSameAs(UsageListener.NONE);
    assertThat(UsageListener.guarded(once)).isSameAs(once);
  }

  @Test
  @DisplayName("a guarded listener passes every call on and swallows what it throws")
  void guarded_passesOnAndSwallows() {
    RecordingListener recording = new RecordingListener();
    UsageListener throwing = new UsageListener() {
      @Override
      public void storeRetry(StoreOperation operation, int attempt, Exception cause) {
        recording.storeRetry(operation, attempt, cause);
        throw new IllegalStateException("listener bug");
      }
    };

    UsageListener.guarded(throwing).storeRetry(StoreOperation.APPEND, 1, new Exception("deadlock"));

    assertThat(recording.lines()).containsExactly("retry append 1");
  }

  @Test
  void guarded_null_isRefused() {
    assertThatThrownBy(() -> UsageListener.guarded(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("listener");
  }
}
