package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"org-1", "A", "9", "org_1.eu:prod", "550e8400-e29b-41d4-a716-446655440000"})
  void of_wellFormedParts_accepted(String part) {
    assertThat(TenantId.of(part, part)).extracting(TenantId::organization, TenantId::workspace)
        .containsExactly(part, part);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-org", "_org", "org 1", "org/1", "é"})
  void of_malformedOrganization_rejectedNamingIt(String organization) {
    assertThatThrownBy(() -> TenantId.of(organization, "ws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("organization id '" + organization + "' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
  }

  @Test
  void of_malformedWorkspace_rejectedNamingIt() {
    assertThatThrownBy(() -> TenantId.of("org", "ws/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workspace id 'ws/1' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
  }

  @Test
  void of_partsOf64And65Characters() {
    assertThat(TenantId.of("o".repeat(64), "w").organization()).hasSize(64);
    assertThatThrownBy(() -> TenantId.of("o".repeat(65), "w")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_null_namesParameter() {
    assertThatThrownBy(() -> TenantId.of(null, "w"))
        .isInstanceOf(NullPointerException.class).hasMessage("organization");
    assertThatThrownBy(() -> TenantId.of("o", null)).isInstanceOf(NullPointerException.class).hasMessage("workspace");
  }

  @Test
  void equals_byBothParts() {
    assertThat(TenantId.of("o", "w")).isEqualTo(TenantId.of("o", "w")).hasSameHashCodeAs(TenantId.of("o", "w"));
    assertThat(TenantId.of("o", "w")).isNotEqualTo(TenantId.of("o", "w2"));
  }

  @Test
  void toString_isOrganizationSlashWorkspace() {
    assertThat(TenantId.of("org-1", "ws-1")).hasToString("org-1/ws-1");
  }
}
