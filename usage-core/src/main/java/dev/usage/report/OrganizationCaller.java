package dev.usage.report;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who asks for an organization's reports: a key of the organization itself, not of one of its
 * workspaces. The same scopes decide as for a workspace's reports; a workspace's {@link Caller}
 * cannot ask, whatever its scopes.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param organization the organization, as in {@link TenantId#organization()}
 * @param scopes what the caller may read
 */
public record OrganizationCaller(String organization, Set<Scope> scopes) {

  /**
   * Validates and copies.
   *
   * @param organization the organization, as in {@link TenantId#organization()}
   * @param scopes what the caller may read
   */
  public OrganizationCaller {
    requireNonNull(organization, "organization");
    // Validates the name as a tenant's organization is validated.
    TenantId.of(organization, "validation");
    Set<Scope> copy = EnumSet.noneOf(Scope.class);
    copy.addAll(requireNonNull(scopes, "scopes"));
    scopes = Collections.unmodifiableSet(copy);
  }

  /**
   * Returns a caller of an organization with these scopes.
   *
   * @param organization the organization
   * @param scopes what it may read
   * @return the caller
   */
  public static OrganizationCaller of(String organization, Scope... scopes) {
    return new OrganizationCaller(organization,
        scopes.length == 0 ? EnumSet.noneOf(Scope.class) : EnumSet.of(scopes[0], scopes));
  }

  /**
   * {@return whether the caller has {@code scope}}
   *
   * @param scope a scope
   */
  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
