package dev.usage.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * A report row of one day. Its JSON names the day {@code date} and writes it as {@code
 * YYYY-MM-DD}, a plain string, so that a plain {@code ObjectMapper} without the java.time module
 * writes the rows; the row itself keeps a {@link LocalDate}, with {@code @JsonIgnore} on it.
 */
interface DatedRow {

  /** Returns the day, in the report's zone. */
  LocalDate date();

  /** {@return the day as {@code YYYY-MM-DD}, its JSON form} */
  @JsonProperty("date")
  default String dateJson() {
    return date().toString();
  }
}
