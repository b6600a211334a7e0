package dev.usage.report;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who asks for a report: the tenant they belong to, the scopes they hold and, for a team member,
 * their member id.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant the only tenant whose reports this caller may read
 * @param scopes the scopes held
 * @param member the caller's member id, when the caller is a team member
 */
public record Caller(TenantId tenant, Set<Scope> scopes, Optional<String> member) {

  /**
   * Validates and copies.
   *
   * @param tenant the only tenant whose reports this caller may read
   * @param scopes the scopes held
   * @param member the caller's member id, when the caller is a team member
   */
  public Caller {
    requireNonNull(tenant, "tenant");
    requireNonNull(member, "member");
    Set<Scope> copy = EnumSet.noneOf(Scope.class);
    copy.addAll(requireNonNull(scopes, "scopes"));
    scopes = Collections.unmodifiableSet(copy);
  }

  /**
   * Returns a caller of {@code tenant} holding {@code scopes}, not a member.
   *
   * @param tenant the caller's tenant
   * @param scopes the scopes held
   * @return the caller
   */
  public static Caller of(TenantId tenant, Scope... scopes) {
    return new Caller(tenant, scopes.length == 0 ? EnumSet.noneOf(Scope.class) : EnumSet.of(scopes[0], scopes),
        Optional.empty());
  }

  /**
   * Returns a copy of this caller acting as team member {@code member}.
   *
   * @param member the member id
   * @return the caller
   */
  public Caller asMember(String member) {
    return new Caller(tenant, scopes, Optional.of(requireNonNull(member, "member")));
  }

  /**
   * {@return whether the caller holds {@code scope}}
   *
   * @param scope a scope
   */
  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
