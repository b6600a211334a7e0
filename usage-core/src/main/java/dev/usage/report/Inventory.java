package dev.usage.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a tenant holds right now: agents, phone numbers, web widgets and datasets, as the usage
 * summary shows them next to its usage.
 *
 * <p>An inventory is current state, not usage over a range: the host reads it from its own
 * records through an {@link InventoryProvider} when a summary is made, and a merged summary
 * shows the inventory of its later part.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param totalAgents the AI agents (assistants) configured, zero or more
 * @param totalPhoneNumbers the phone numbers held, zero or more
 * @param sharedPhoneNumbers those of the phone numbers shared with other workspaces, zero to
 *     {@code totalPhoneNumbers}
 * @param totalWebWidgets the embeddable web chat widgets, zero or more
 * @param totalDatasets the knowledge datasets, zero or more
 * @param activeDatasets those of the datasets in use by an agent, zero to {@code totalDatasets}
 */
@JsonPropertyOrder({
  "total_agents", "total_phone_numbers", "shared_phone_numbers", "total_web_widgets", "total_datasets",
  "active_datasets"
})
public record Inventory(
    @JsonProperty("total_agents") long totalAgents,
    @JsonProperty("total_phone_numbers") long totalPhoneNumbers,
    @JsonProperty("shared_phone_numbers") long sharedPhoneNumbers,
    @JsonProperty("total_web_widgets") long totalWebWidgets,
    @JsonProperty("total_datasets") long totalDatasets,
    @JsonProperty("active_datasets") long activeDatasets) {

  private static final Inventory NONE = new Inventory(0, 0, 0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative, or a part exceeds its whole
   * @param totalAgents the AI agents (assistants) configured, zero or more
   * @param totalPhoneNumbers the phone numbers held, zero or more
   * @param sharedPhoneNumbers those of the phone numbers shared with other workspaces, zero to
   *     {@code totalPhoneNumbers}
   * @param totalWebWidgets the embeddable web chat widgets, zero or more
   * @param totalDatasets the knowledge datasets, zero or more
   * @param activeDatasets those of the datasets in use by an agent, zero to {@code totalDatasets}
   */
  public Inventory {
    checkNotNegative("agent", totalAgents);
    checkNotNegative("phone number", totalPhoneNumbers);
    checkNotNegative("shared phone number", sharedPhoneNumbers);
    checkNotNegative("web widget", totalWebWidgets);
    checkNotNegative("dataset", totalDatasets);
    checkNotNegative("active dataset", activeDatasets);
    if (sharedPhoneNumbers > totalPhoneNumbers) {
      throw new IllegalArgumentException("shared phone number count " + sharedPhoneNumbers
          + " exceeds phone number count " + totalPhoneNumbers);
    }
    if (activeDatasets > totalDatasets) {
      throw new IllegalArgumentException("active dataset count " + activeDatasets + " exceeds dataset count "
          + totalDatasets);
    }
  }

  /**
   * Returns what two tenants hold together. A phone number shared by both counts in each, as each
   * host's provider reports it.
   *
   * @param other the other tenant's inventory
   * @return the sum of the counts
   */
  public Inventory plus(Inventory other) {
    return new Inventory(ReportSupport.add(totalAgents, other.totalAgents),
        ReportSupport.add(totalPhoneNumbers, other.totalPhoneNumbers),
        ReportSupport.add(sharedPhoneNumbers, other.sharedPhoneNumbers),
        ReportSupport.add(totalWebWidgets, other.totalWebWidgets),
        ReportSupport.add(totalDatasets, other.totalDatasets),
        ReportSupport.add(activeDatasets, other.activeDatasets));
  }

  /** {@return the inventory of a tenant that holds nothing, or whose host reports none} */
  public static Inventory none() {
    return NONE;
  }

  private static void checkNotNegative(String what, long count) {
    if (count < 0) {
      throw new IllegalArgumentException(what + " count must not be negative but was " + count);
    }
  }
}
