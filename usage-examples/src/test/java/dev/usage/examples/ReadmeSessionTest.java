package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks that the README harness fails where a reader would be misled, and only there. */
class ReadmeSessionTest {

  private static ReadmeSession.Result run(String markdown) {
    return new ReadmeSession("DOC.md", Map.of()).run(markdown);
  }

  private static String java(String... lines) {
    return "```java\n" + String.join("\n", lines) + "\n```\n";
  }

  @Test
  void run_trueClaims_pass() {
    ReadmeSession.Result result = run(java(
        "int two = 1 + 1;",
        "two * 2;            // → 4: a note after the value",
        "\"a: b\" + \"!\";      // → \"a: b!\" (a string literal keeps its quotes)",
        "java.util.List.of(1, 2);  // → [1, 2]",
        "Integer.parseInt(\"x\");",
        "// → throws NumberFormatException: For input string: \"x\""));

    assertThat(result.snippets()).isEqualTo(5);
    assertThat(result.valueClaims()).isEqualTo(4);
  }

  @Test
  void run_falseClaim_failsWithLineAndBothValues() {
    assertThatThrownBy(() -> run("# title\n\n" + java("int two = 1 + 1;", "two;  // → 3")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DOC.md:5:")
        .hasMessageContaining("→ 3")
        .hasMessageContaining("JShell shows 2");
  }

  @Test
  void run_claimOnItsOwnLine_statesTheStatementAbove() {
    assertThatThrownBy(() -> run(java("Math.max(1,", "    2);", "// → 1")))
        .hasMessageContaining("DOC.md:4:")
        .hasMessageContaining("JShell shows 2");
  }

  @Test
  void run_claimInsideAStatement_fails() {
    assertThatThrownBy(() -> run(java("Math.max(1,  // → 1", "    2);")))
        .hasMessageContaining("DOC.md:2:")
        .hasMessageContaining("does not follow the end of a statement");
  }

  @Test
  void run_wrongException_fails() {
    assertThatThrownBy(() -> run(java("Integer.parseInt(\"x\");  // → throws IllegalStateException: x")))
        .hasMessageContaining("it threw java.lang.NumberFormatException");
  }

  @Test
  void run_exceptionWithoutClaim_fails() {
    assertThatThrownBy(() -> run(java("int a = 1;", "Integer.parseInt(\"x\");")))
        .hasMessageContaining("DOC.md:3: threw java.lang.NumberFormatException: For input string: \"x\"");
  }

  @Test
  void run_compileError_fails() {
    assertThatThrownBy(() -> run(java("int a = \"text\";")))
        .hasMessageContaining("DOC.md:2: REJECTED")
        .hasMessageContaining("incompatible types");
  }

  @Test
  void run_unresolvedReference_fails() {
    assertThatThrownBy(() -> run(java("class A { B b; }")))
        .hasMessageContaining("A refers to [class B], which nothing declares");
  }

  @Test
  void run_pendingUnresolvedReference_passesAndIsReported() {
    ReadmeSession.Result result = new ReadmeSession("DOC.md", Map.of("A", Set.of("class B")))
        .run(java("class A { void f() { new B(); } }"));

    assertThat(result.pending()).containsExactly("A");
  }

  @Test
  void run_pendingEntryNoLongerNeeded_fails() {
    ReadmeSession session = new ReadmeSession("DOC.md", Map.of("A", Set.of("class B")));

    assertThatThrownBy(() -> session.run(java("class B {}", "class A { void f() { new B(); } }")))
        .hasMessageContaining("[A] no longer declared with the pending unresolved references");
  }

  @Test
  void run_printedOutput_mustMatchTheTextBlockAfterIt() {
    String printing = java("System.out.println(\"one\");", "System.out.println(\"two\");");

    assertThat(run(printing + "\n```text\none\ntwo\n```\n").outputBlocks()).isEqualTo(1);
    assertThatThrownBy(() -> run(printing + "```text\none\n```\n"))
        .hasMessageContaining("DOC.md:6: the java block at line 2 printed");
    assertThatThrownBy(() -> run(printing))
        .hasMessageContaining("the block prints, but no text block after it says what");
  }

  @Test
  void run_textBlockAfterProse_fails() {
    assertThatThrownBy(() -> run(java("int a = 1;") + "Some prose.\n\n```text\n1\n```\n"))
        .hasMessageContaining("a text block must come right after the java block");
  }

  @Test
  void run_declaringAVariableAgain_fails() {
    assertThatThrownBy(() -> run(java("int a = 1;") + java("long a = 2;")))
        .hasMessageContaining("declares a again");
  }

  @Test
  void run_importsAfterVariables_failWhereJShellResetsThem() {
    // JShell recompiles the variables a second import may affect and sets them to null
    assertThatThrownBy(() -> run(java("import java.time.*;", "Instant i = Instant.EPOCH;")
        + java("import java.io.*;", "import java.nio.*;", "i;")))
        .hasMessageContaining("reset variable i to null");
  }

  @Test
  void run_otherBlocks_areNotRun() {
    ReadmeSession.Result result = run("```bash\nexit 1\n```\n\n```sql\nDROP TABLE x;\n```\n\n" + java("1;"));

    assertThat(result.javaBlocks()).isEqualTo(1);
  }

  @Test
  void blocks_indentedFence_losesItsIndent() {
    var blocks = ReadmeSession.blocks("- a list item:\n\n  ```java\n  int a = 1;\n    int b = 2;\n  ```\n");

    assertThat(blocks).singleElement().satisfies(b -> {
      assertThat(b.info()).isEqualTo("java");
      assertThat(b.firstLine()).isEqualTo(4);
      assertThat(b.lines()).containsExactly("int a = 1;", "  int b = 2;");
    });
  }
}
