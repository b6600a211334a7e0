package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;

/**
 * Which wallet credit is drawn from: one workspace's own, or one shared by every workspace of an
 * organization.
 *
 * <p>A workspace draws from its own wallet when it has one, else from its organization's wallet
 * when that exists, else from none (its usage is recorded but not debited).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param organization the organization's id, as in {@link TenantId}
 * @param workspace the workspace's id, or the empty string for the organization's shared wallet
 */
public record WalletId(String organization, String workspace) {

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException unless both are ids a {@link TenantId} accepts, the workspace
   *     possibly empty
   * @param organization the organization's id, as in {@link TenantId}
   * @param workspace the workspace's id, or the empty string for the organization's shared wallet
   */
  public WalletId {
    requireNonNull(organization, "organization");
    requireNonNull(workspace, "workspace");
    // TenantId validates the characters and the lengths of both parts.
    new TenantId(organization, workspace.isEmpty() ? "w" : workspace);
    if (organization.isEmpty()) {
      throw new IllegalArgumentException("organization of a wallet must not be empty");
    }
  }

  /**
   * Obtains the wallet of one workspace.
   *
   * @param tenant the workspace
   * @return its own wallet's id
   */
  public static WalletId ofWorkspace(TenantId tenant) {
    return new WalletId(tenant.organization(), tenant.workspace());
  }

  /**
   * Obtains the wallet shared by all workspaces of an organization.
   *
   * @param organization the organization's id
   * @return the shared wallet's id
   * @throws IllegalArgumentException if the id is malformed
   */
  public static WalletId ofOrganization(String organization) {
    return new WalletId(organization, "");
  }

  /** {@return whether every workspace of the organization without a wallet of its own shares this one} */
  public boolean isOrganizationWide() {
    return workspace.isEmpty();
  }

  /**
   * Returns whether usage of {@code tenant} may be drawn from this wallet: its own, or its
   * organization's.
   *
   * @param tenant a workspace
   * @return true if the wallet belongs to the workspace or is its organization's shared wallet
   */
  public boolean covers(TenantId tenant) {
    return organization.equals(tenant.organization()) && (workspace.isEmpty() || workspace.equals(tenant.workspace()));
  }

  /** Returns {@code organization/workspace}, or {@code organization/*} for an organization's wallet. */
  @Override
  public String toString() {
    return organization + "/" + (workspace.isEmpty() ? "*" : workspace);
  }
}
