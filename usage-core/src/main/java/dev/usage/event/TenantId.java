package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Whose usage it is: an organization and one of its workspaces.
 *
 * <p>Tenancy is absolute: every store query names a tenant and sees only that tenant's events.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param organization the organization's id
 * @param workspace the workspace's id within the organization
 */
public record TenantId(String organization, String workspace) {

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a part is not 1 to 64 letters, digits, {@code _ . : -}
   * @param organization the organization's id
   * @param workspace the workspace's id within the organization
   */
  public TenantId {
    requireNonNull(organization, "organization");
    requireNonNull(workspace, "workspace");
    if (!PART.matcher(organization).matches()) {
      throw new IllegalArgumentException("organization id '" + organization
          + "' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
    }
    if (!PART.matcher(workspace).matches()) {
      throw new IllegalArgumentException("workspace id '" + workspace
          + "' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
    }
  }

  /**
   * Obtains a tenant.
   *
   * @param organization the organization's id
   * @param workspace the workspace's id
   * @return the tenant
   * @throws IllegalArgumentException if a part is malformed
   */
  public static TenantId of(String organization, String workspace) {
    return new TenantId(organization, workspace);
  }

  /** Returns {@code organization/workspace}. */
  @Override
  public String toString() {
    return organization + "/" + workspace;
  }
}
