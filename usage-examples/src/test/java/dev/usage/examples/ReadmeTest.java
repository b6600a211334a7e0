package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the Java examples of the READMEs as written, each README as one JShell session, and checks
 * every value and output they state (issue #19): an example that no longer compiles, throws, or
 * shows a result the library does not give fails the build.
 */
class ReadmeTest {

  /** The module's directory is Surefire's working directory; the READMEs are above it. */
  private static final Path ROOT = Path.of("..");

  private static final Pattern JAVA_FENCE = Pattern.compile("(?m)^ *```java\\s*$");

  @Test
  void readme_runsAsWritten() throws IOException {
    assertRuns("README.md", Map.of());
  }

  @Test
  void jdbcReadme_runsAsWritten() throws IOException {
    assertRuns("usage-jdbc/README.md", Map.of());
  }

  private static void assertRuns(String readme, Map<String, Set<String>> pending) throws IOException {
    String markdown = Files.readString(ROOT.resolve(readme));

    ReadmeSession.Result result = new ReadmeSession(readme, pending).run(markdown);

    // Counted apart from the session's own parsing, so that a block it failed to see fails here.
    assertThat(result.javaBlocks()).isEqualTo(JAVA_FENCE.matcher(markdown).results().count());
    assertThat(result.valueClaims()).isPositive();
    assertThat(result.pending()).isEqualTo(pending.keySet());
  }
}
