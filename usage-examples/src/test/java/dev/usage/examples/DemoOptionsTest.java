package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void parse_noArguments_givesTheDocumentedDefaults() {
    DemoOptions o = DemoOptions.parse();

    assertThat(o.command()).isEqualTo(DemoOptions.Command.RUN);
    assertThat(o.workspaces()).isEqualTo(3);
    assertThat(o.days()).isEqualTo(30);
    assertThat(o.eventsPerDay()).isEqualTo(1_500);
    assertThat(o.seed()).isEqualTo(42);
    assertThat(o.dataDir()).isEqualTo(Path.of("data"));
    assertThat(o.store()).isEqualTo(DemoOptions.StoreKind.H2);
    assertThat(o.format()).isEqualTo(DemoOptions.Format.TABLE);
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.help()).isFalse();
  }

  @Test
  void parse_serveWithBothOptionForms() {
    DemoOptions o = DemoOptions.parse("serve", "--port=0", "--days", "7", "--store=memory", "--format", "json",
        "--seed", "-3", "--data-dir", "/tmp/x");

    assertThat(o.command()).isEqualTo(DemoOptions.Command.SERVE);
    assertThat(o.port()).isZero();
    assertThat(o.days()).isEqualTo(7);
    assertThat(o.store()).isEqualTo(DemoOptions.StoreKind.MEMORY);
    assertThat(o.format()).isEqualTo(DemoOptions.Format.JSON);
    assertThat(o.seed()).isEqualTo(-3);
    assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void parse_help() {
    assertThat(DemoOptions.parse("--help").help()).isTrue();
    assertThat(DemoOptions.USAGE).contains("--workspaces", "--days", "--events-per-day", "--seed", "--data-dir",
        "--store", "--jdbc-url", "--format", "--port", "serve");
  }

  @Test
  void parse_outOfBounds_namesTheOptionAndValue() {
    assertThatThrownBy(() -> DemoOptions.parse("--days", "0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --days must be 1 to 366 but was 0");
    assertThatThrownBy(() -> DemoOptions.parse("--workspaces", "21")).hasMessageContaining("--workspaces")
        .hasMessageContaining("21");
    assertThatThrownBy(() -> DemoOptions.parse("--events-per-day", "lots"))
        .hasMessage("option --events-per-day must be a whole number but was 'lots'");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "70000")).hasMessageContaining("70000");
  }

  @Test
  void parse_mistakes_areRefused() {
    assertThatThrownBy(() -> DemoOptions.parse("--store", "mysql")).hasMessageContaining("'mysql'");
    assertThatThrownBy(() -> DemoOptions.parse("--format", "xml")).hasMessageContaining("'xml'");
    assertThatThrownBy(() -> DemoOptions.parse("--days", "3", "--days", "4")).hasMessage("option --days is given twice");
    assertThatThrownBy(() -> DemoOptions.parse("--colour", "red")).hasMessageContaining("unknown option --colour");
    assertThatThrownBy(() -> DemoOptions.parse("--days")).hasMessage("option --days needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("report")).hasMessageContaining("unknown command 'report'");
  }

  @Test
  void parse_jdbcUrl_onlyWithPostgres() {
    assertThatThrownBy(() -> DemoOptions.parse("--store", "postgres")).hasMessageContaining("needs --jdbc-url");
    assertThatThrownBy(() -> DemoOptions.parse("--jdbc-url", "jdbc:postgresql://h/db"))
        .hasMessageContaining("is for --store postgres");
    assertThatThrownBy(() -> DemoOptions.parse("--store", "postgres", "--jdbc-url", "jdbc:h2:mem:x?password=secret"))
        .hasMessageContaining("jdbc:postgresql:").hasMessageNotContaining("secret");
    assertThat(DemoOptions.parse("--store", "postgres", "--jdbc-url", "jdbc:postgresql://h/db").jdbcUrl())
        .hasValue("jdbc:postgresql://h/db");
  }
}
