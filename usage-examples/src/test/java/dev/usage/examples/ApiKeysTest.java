package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.TenantId;
import dev.usage.report.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class ApiKeysTest {

  private final MutableClock clock = MutableClock.of(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private final ApiKeys keys = new ApiKeys(clock);
  private final TenantId acme = TenantId.of("acme", "acme-support");

  @Test
  void issue_validity_isOneTo365Days() {
    assertThatThrownBy(() -> keys.issue("k", acme, EnumSet.allOf(Scope.class), Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("key validity must be 1 to 365 days but was 0");
    assertThatThrownBy(() -> keys.issue("k", acme, EnumSet.allOf(Scope.class), Optional.empty(), 366))
        .hasMessageContaining("366");
    assertThat(keys.issue("k", acme, EnumSet.allOf(Scope.class), Optional.empty(), 365).key().expiresAt())
        .isEqualTo(Instant.parse("2027-11-23T10:00:00Z"));
  }

  @Test
  void find_matchesOnlyTheExactSecret() {
    ApiKeys.Issued a = keys.issue("a", acme, EnumSet.of(Scope.ANALYTICS_READ), Optional.empty(), 7);
    ApiKeys.Issued b = keys.issue("b", acme, EnumSet.of(Scope.MEMBERS_READ), Optional.of("ana"), 7);

    assertThat(keys.find(a.secret())).hasValue(a.key());
    assertThat(keys.find(b.secret())).hasValue(b.key());
    assertThat(keys.find(a.secret() + " ")).isEmpty();
    assertThat(keys.find(a.secret().toUpperCase(java.util.Locale.ROOT))).isEmpty();
    assertThat(a.secret()).startsWith("usk_").hasSize(36).isNotEqualTo(b.secret());
    assertThat(a.toString()).doesNotContain(a.secret());
  }

  @Test
  void isExpired_fromTheExpiryInstantOn() {
    ApiKeys.ApiKey key = keys.issue("k", acme, EnumSet.allOf(Scope.class), Optional.empty(), 1).key();

    clock.add(Duration.ofDays(1).minusSeconds(1));
    assertThat(keys.isExpired(key)).isFalse();
    clock.add(Duration.ofSeconds(1));
    assertThat(keys.isExpired(key)).isTrue();
  }

  @Test
  void caller_carriesScopesAndMember() {
    ApiKeys.ApiKey key = keys.issue("m", acme, EnumSet.of(Scope.MEMBERS_READ), Optional.of("ana"), 1).key();

    assertThat(key.caller().tenant()).isEqualTo(acme);
    assertThat(key.caller().member()).hasValue("ana");
    assertThat(key.caller().has(Scope.MEMBERS_READ)).isTrue();
    assertThat(key.caller().has(Scope.ANALYTICS_READ)).isFalse();
    assertThat(key.scopeKeys()).containsExactly("members:read");
  }

  @Test
  void organizationKey_readsAsTheOrganization_andAsAnyOfItsWorkspacesWithItsScopes() {
    ApiKeys.Issued issued = keys.issueForOrganization("org", "acme", EnumSet.of(Scope.BILLING_MANAGE), 30);
    ApiKeys.ApiKey key = issued.key();

    assertThat(keys.find(issued.secret())).hasValue(key);
    assertThat(key.isOrganizationKey()).isTrue();
    assertThat(key.tenant()).isEmpty();
    assertThat(key.organizationCaller().organization()).isEqualTo("acme");
    assertThat(key.organizationCaller().has(Scope.BILLING_MANAGE)).isTrue();
    TenantId sales = TenantId.of("acme", "acme-sales");
    assertThat(key.caller(sales).tenant()).isEqualTo(sales);
    assertThat(key.caller(sales).has(Scope.BILLING_MANAGE)).isTrue();
    assertThat(key.caller(sales).has(Scope.ANALYTICS_READ)).isFalse();
    assertThat(key.caller(sales).member()).isEmpty();
    assertThatThrownBy(key::caller).isInstanceOf(IllegalStateException.class).hasMessageContaining("organization acme");
  }

  @Test
  void organizationKey_cannotActAsAMember() {
    assertThatThrownBy(() -> new ApiKeys.ApiKey("k", "acme", Optional.empty(), EnumSet.of(Scope.MEMBERS_READ),
        Optional.of("ana"), Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("member ana");
  }

  @Test
  void demoKeys_includeAnOrganizationKeyForEachOrganizationOfTwoOrMoreWorkspaces() {
    java.util.List<ApiKeys.Issued> issued = keys.issueDemoKeys(Workspace.first(3));

    assertThat(issued.get(0).key().workspace()).hasValue("acme-support");
    assertThat(issued).filteredOn(i -> i.key().isOrganizationKey())
        .extracting(i -> i.key().organization()).containsExactly("acme");
  }
}
