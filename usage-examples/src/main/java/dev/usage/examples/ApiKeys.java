package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.report.Caller;
import dev.usage.report.OrganizationCaller;
import dev.usage.report.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo's API keys: each belongs to one workspace, or to an organization and so to all its
 * workspaces, holds scopes, may act as a team member (a workspace's key only) and expires 1 to 365
 * days after it is issued.
 *
 * <p>A key's secret is shown once, when it is issued; only its SHA-256 is kept. A presented key is
 * hashed and compared with every stored hash by {@link MessageDigest#isEqual}, whose time does not
 * depend on where two hashes differ, and the scan does not stop at a match, so response times tell
 * nothing about the keys. Secrets are never logged.
 *
 * <p>This class is thread-safe.
 */
final class ApiKeys {

  /** The fewest days a key is valid. */
  static final int MIN_DAYS = 1;
  /** The most days a key is valid. */
  static final int MAX_DAYS = 365;

  private static final String PREFIX = "usk_";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  ApiKeys(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Issues a key.
   *
   * @param name what the key is for, shown in listings and messages
   * @param tenant the only workspace it may read
   * @param scopes what it may read
   * @param member the team member it acts as, if any
   * @param validDays 1 to 365
   * @return the key and its secret, which is not kept
   * @throws IllegalArgumentException if {@code validDays} is out of bounds
   */
  Issued issue(String name, TenantId tenant, Set<Scope> scopes, Optional<String> member, int validDays) {
    return issue(name, tenant.organization(), Optional.of(tenant.workspace()), scopes, member, validDays);
  }

  /**
   * Issues an organization's key: it reads the organization's reports and those of each of its
   * workspaces, with its scopes, and acts as no member.
   *
   * @param name what the key is for, shown in listings and messages
   * @param organization the only organization it may read
   * @param scopes what it may read
   * @param validDays 1 to 365
   * @return the key and its secret, which is not kept
   * @throws IllegalArgumentException if {@code validDays} is out of bounds or the organization id is malformed
   */
  Issued issueForOrganization(String name, String organization, Set<Scope> scopes, int validDays) {
    return issue(name, organization, Optional.empty(), scopes, Optional.empty(), validDays);
  }

  private Issued issue(String name, String organization, Optional<String> workspace, Set<Scope> scopes,
      Optional<String> member, int validDays) {
    if (validDays < MIN_DAYS || validDays > MAX_DAYS) {
      throw new IllegalArgumentException("key validity must be " + MIN_DAYS + " to " + MAX_DAYS + " days but was "
          + validDays);
    }
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expires = clock.instant().plus(Duration.ofDays(validDays)).truncatedTo(ChronoUnit.SECONDS);
    ApiKey key = new ApiKey(name, organization, workspace, scopes, member, expires);
    entries.add(new Entry(sha256(secret), key));
    return new Issued(key, secret);
  }

  /**
   * Issues the demo's keys for each workspace: an administrator's with every scope (30 days), an
   * analyst's with {@code analytics:read} (7 days) and a team member's with {@code members:read}
   * (1 day); then for each organization of two or more workspaces an administrator's key of the
   * organization with every scope (30 days).
   *
   * @param workspaces the workspaces
   * @return the keys, the first workspace's administrator key first
   */
  List<Issued> issueDemoKeys(List<Workspace> workspaces) {
    List<Issued> issued = new ArrayList<>();
    for (Workspace w : workspaces) {
      issued.add(issue("admin", w.tenant(), EnumSet.allOf(Scope.class), Optional.empty(), 30));
      issued.add(issue("analyst", w.tenant(), EnumSet.of(Scope.ANALYTICS_READ), Optional.empty(), 7));
      issued.add(issue("member", w.tenant(), EnumSet.of(Scope.MEMBERS_READ), Optional.of(w.members().get(0)), 1));
    }
    Organizations.of(workspaces).workspaces().forEach((organization, ids) -> {
      if (ids.size() > 1) {
        issued.add(issueForOrganization("org-admin", organization, EnumSet.allOf(Scope.class), 30));
      }
    });
    return issued;
  }

  /**
   * Finds the key a request presents.
   *
   * @param secret the presented secret
   * @return the key, whether valid or expired, or empty when no key has this secret
   */
  Optional<ApiKey> find(String secret) {
    byte[] hash = sha256(requireNonNull(secret, "secret"));
    ApiKey found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(hash, e.hash) && found == null) {
        found = e.key;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Returns whether {@code key} has expired by the clock. */
  boolean isExpired(ApiKey key) {
    return !clock.instant().isBefore(key.expiresAt());
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private record Entry(byte[] hash, ApiKey key) {}

  /**
   * An issued key, without its secret.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param name what it is for
   * @param organization the organization it belongs to
   * @param workspace the only workspace it may read, or empty for an organization's key, which
   *     may read the organization's reports and those of each of its workspaces
   * @param scopes what it may read
   * @param member the team member it acts as, if any; a workspace's key only
   * @param expiresAt the first instant it is refused
   */
  record ApiKey(String name, String organization, Optional<String> workspace, Set<Scope> scopes,
      Optional<String> member, Instant expiresAt) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if an organization's key acts as a member, or an id is malformed
     */
    ApiKey {
      requireNonNull(name, "name");
      requireNonNull(organization, "organization");
      requireNonNull(workspace, "workspace");
      // validates the ids as a tenant's are validated
      TenantId.of(organization, workspace.orElse("validation"));
      scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
      requireNonNull(member, "member");
      requireNonNull(expiresAt, "expiresAt");
      if (workspace.isEmpty() && member.isPresent()) {
        throw new IllegalArgumentException("the key '" + name + "' of organization " + organization
            + " cannot act as member " + member.get() + ": only a workspace's key can");
      }
    }

    /** Returns whether this is an organization's key rather than a workspace's. */
    boolean isOrganizationKey() {
      return workspace.isEmpty();
    }

    /** Returns the workspace of a workspace's key, empty for an organization's key. */
    Optional<TenantId> tenant() {
      return workspace.map(w -> TenantId.of(organization, w));
    }

    /** Returns whom the key belongs to, for messages: its workspace, or its organization. */
    String owner() {
      return workspace.map(w -> "workspace " + w).orElse("organization " + organization);
    }

    /** Returns the scopes as written, e.g. {@code analytics:read}, in a stable order. */
    List<String> scopeKeys() {
      return EnumSet.allOf(Scope.class).stream().filter(scopes::contains).map(Scope::key).toList();
    }

    /**
     * Returns the caller a workspace's reports see.
     *
     * @throws IllegalStateException for an organization's key, which names the workspace it reads
     *     with {@link #caller(TenantId)}
     */
    Caller caller() {
      return caller(tenant().orElseThrow(() -> new IllegalStateException("the key '" + name + "' of "
          + owner() + " belongs to no one workspace")));
    }

    /**
     * Returns the caller the reports of {@code tenant} see: this key's scopes and member. The web
     * layer decides first that the key may read that workspace at all.
     *
     * @param tenant a workspace the key may read
     * @return the caller
     */
    Caller caller(TenantId tenant) {
      Caller caller = new Caller(tenant, scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes),
          Optional.empty());
      return member.map(caller::asMember).orElse(caller);
    }

    /** Returns the caller an organization's reports see: its organization and scopes. */
    OrganizationCaller organizationCaller() {
      return new OrganizationCaller(organization,
          scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
    }
  }

  /**
   * A key with its secret, as returned once when issued.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param key the key
   * @param secret what the client sends as {@code Authorization: Bearer <secret>}
   */
  record Issued(ApiKey key, String secret) {

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
      return "Issued[key=" + key + ", secret=***]";
    }
  }
}
