package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;

/**
 * An event whose id was already recorded, for the same tenant, with different content.
 *
 * <p>The recorded event stands; the conflicting one is not stored. A conflict usually means two
 * different facts were given the same idempotency key, which the host must fix.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant the tenant
 * @param id the id both events carry
 * @param reason what differs, for a log line
 */
public record Conflict(TenantId tenant, EventId id, String reason) {

  /**
   * Validates.
   *
   * @param tenant the tenant
   * @param id the id both events carry
   * @param reason what differs, for a log line
   */
  public Conflict {
    requireNonNull(tenant, "tenant");
    requireNonNull(id, "id");
    requireNonNull(reason, "reason");
  }
}
