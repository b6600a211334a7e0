package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void scripts_listEveryVersionedFileOfEachDialect() throws IOException {
    for (Dialect d : List.of(Dialect.h2(), Dialect.postgresql())) {
      try (Stream<Path> files = Files.list(Path.of("src/main/resources", Migrator.location(d)))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("scripts of %s", d).containsExactlyInAnyOrderElementsOf(Migrator.SCRIPTS);
      }
      assertThat(new Migrator(d).scripts()).extracting(Migrator.Script::version).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void scripts_haveTheSameColumnsOnEveryDialect() {
    String h2 = new Migrator(Dialect.h2()).scripts().get(0).sql();
    String postgres = new Migrator(Dialect.postgresql()).scripts().get(0).sql();
    for (String column : EventRows.COLUMNS) {
      assertThat(h2).as("h2").containsPattern("\n  " + column + " ");
      assertThat(postgres).as("postgresql").containsPattern("\n  " + column + " ");
    }
  }

  @Test
  void statements_splitAtLineEndSemicolonsAndSkipComments() {
    assertThat(Migrator.statements("-- a comment; still a comment\nCREATE TABLE t (\n  a INT -- x\n);\n\n"
        + "CREATE INDEX i ON t (a);\n"))
        .containsExactly("CREATE TABLE t (\n  a INT -- x\n)", "CREATE INDEX i ON t (a)");
  }

  @Test
  void statements_dollarQuotedBodyOnOneLine_keptWhole_overSeveralLines_refused() {
    assertThat(Migrator.statements("DO $$ BEGIN PERFORM 1; END $$;\nSELECT 1;\n"))
        .containsExactly("DO $$ BEGIN PERFORM 1; END $$", "SELECT 1");
    assertThatThrownBy(() -> Migrator.statements("CREATE FUNCTION f() RETURNS INT AS $$\nBEGIN RETURN 1;\nEND $$ LANGUAGE plpgsql;\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must open and close on one line").hasMessageContaining("AS $$");
  }

  @Test
  void statements_unterminated_rejected() {
    assertThatThrownBy(() -> Migrator.statements("CREATE TABLE t (a INT)\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends without ';'");
  }
}
