package dev.usage.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.usage.time.UsageRange;

/**
 * The JSON form of a report's range, which the snake_case reports unwrap into their own object as
 * {@code start_date}, {@code end_date} (inclusive) and {@code zone}: plain strings, so that a plain
 * {@code ObjectMapper} without the java.time module writes them.
 *
 * <p>This class is immutable and thread-safe.
 */
@JsonPropertyOrder({"start_date", "end_date", "zone"})
record RangeJson(
    @JsonProperty("start_date") String startDate,
    @JsonProperty("end_date") String endDate,
    @JsonProperty("zone") String zone) {

  static RangeJson of(UsageRange range) {
    return new RangeJson(range.start().toString(), range.endInclusive().toString(), range.zone().getId());
  }
}
