package dev.usage.benchmarks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the H2 statement split once, so that a change to the append or its SQL cannot break it unseen. */
class H2StatementTimesTest {

  @Test
  @DisplayName("one round on H2 in memory splits each shot by statement, the library's rollup and read included")
  void splitsEachShotByStatement() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    H2StatementTimes.run("h2-mem", 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("round 0 floor ", "round 0 floorBatch ", "round 0 rawJdbc ", "round 0 library ");
    String library = out.substring(out.indexOf("round 0 library "));
    assertThat(library)
        .contains("INSERT INTO usage_events", "MERGE INTO usage_rollup", "COMMIT", "outside H2's statements")
        .containsPattern("[0-9,]+ x  SELECT u\\.organization");
  }
}
