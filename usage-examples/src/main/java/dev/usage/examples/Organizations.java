package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which workspaces each organization has, as a host's account service knows them: the store keeps
 * no list of workspaces, so the server asks this to add up an organization's reports and to let an
 * organization's key read its workspaces.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param workspaces per organization, its workspace ids in order
 */
record Organizations(Map<String, List<String>> workspaces) {

  /** Validates and copies. */
  Organizations {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    requireNonNull(workspaces, "workspaces").forEach((org, ids) -> copy.put(org, List.copyOf(ids)));
    workspaces = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the organizations of the demo's workspaces.
   *
   * @param all the workspaces
   * @return each organization with its workspaces, in the order given
   */
  static Organizations of(List<Workspace> all) {
    Map<String, List<String>> byOrganization = new LinkedHashMap<>();
    for (Workspace w : all) {
      byOrganization.computeIfAbsent(w.tenant().organization(), k -> new ArrayList<>()).add(w.id());
    }
    return new Organizations(byOrganization);
  }

  /** Returns the workspace ids of an organization, none for one it does not know. */
  List<String> workspacesOf(String organization) {
    return workspaces.getOrDefault(organization, List.of());
  }

  /** Returns the tenant of {@code workspace} if it belongs to {@code organization}. */
  Optional<TenantId> find(String organization, String workspace) {
    return workspacesOf(organization).contains(workspace)
        ? Optional.of(TenantId.of(organization, workspace))
        : Optional.empty();
  }
}
