package dev.usage.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The value of a usage record on a topic: one {@link UsageEvent} as a UTF-8 JSON object.
 *
 * <p>Version 1, the only one so far, looks like this (fields in any order; absent dimensions are
 * left out):
 *
 * <pre>{@code
 * {"v":1,"id":"call-7/voice_minutes","org":"acme","ws":"acme-support","at":"2026-12-03T10:15:30Z",
 *  "metric":"voice_minutes","quantity":180,
 *  "dimensions":{"channel":"voice","direction":"inbound","ext:region":"eu-west"}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code v}: the format's version, an integer. A reader reads every version up to its own
 *       and refuses a later one as {@link UnreadableRecordException.Reason#UNSUPPORTED_VERSION}, so
 *       a worker that is older than its producers sends their records to the dead-letter topic
 *       instead of misreading them. Fields a reader does not know are skipped: a version only
 *       changes when a field's meaning does.
 *   <li>{@code id}, {@code org}, {@code ws}: the event's id and tenant, with the rules of {@link
 *       EventId} and {@link TenantId}.
 *   <li>{@code at}: when the usage happened, ISO-8601 in UTC ({@link Instant#toString()}).
 *   <li>{@code metric}: the metric's key, resolved in the reader's {@link MetricCatalog}: the unit
 *       and scale are the catalogue's, never the record's.
 *   <li>{@code quantity}: the unscaled quantity, an integer, zero or more.
 *   <li>{@code dimensions}: dimension keys ({@link DimensionKey#key()}, or a namespaced custom key)
 *       to string values, checked as {@link Dimensions.Builder} checks them.
 * </ul>
 *
 * <p>Reversals are not carried: {@code UsageEngine.reverse} records them from the stored original,
 * so they do not travel through a topic.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class UsageRecordFormat {

  /** The version this class writes, and the latest it reads. */
  public static final int VERSION = 1;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4096).build())
      .build();

  private final MetricCatalog catalog;

  private UsageRecordFormat(MetricCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Returns the format over a catalogue.
   *
   * @param catalog resolves metric keys when reading; writing does not need it
   * @return the format
   */
  public static UsageRecordFormat over(MetricCatalog catalog) {
    return new UsageRecordFormat(requireNonNull(catalog, "catalog"));
  }

  /**
   * Writes an event.
   *
   * @param event an ordinary event
   * @return its record value
   * @throws IllegalArgumentException if the event is a reversal
   */
  public byte[] write(UsageEvent event) {
    requirePublishable(event);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", VERSION);
      g.writeStringField("id", event.id().value());
      g.writeStringField("org", event.tenant().organization());
      g.writeStringField("ws", event.tenant().workspace());
      g.writeStringField("at", event.occurredAt().toString());
      g.writeStringField("metric", event.metric().key());
      g.writeNumberField("quantity", event.quantity());
      g.writeObjectFieldStart("dimensions");
      for (Map.Entry<DimensionKey, String> d : event.dimensions().asMap().entrySet()) {
        g.writeStringField(d.getKey().key(), d.getValue());
      }
      for (Map.Entry<String, String> d : event.dimensions().customValues().entrySet()) {
        g.writeStringField(d.getKey(), d.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Throws unless {@code event} is one a record can carry: an ordinary event, not a reversal. */
  static void requirePublishable(UsageEvent event) {
    if (requireNonNull(event, "event").isReversal()) {
      throw new IllegalArgumentException("reversal " + event.id() + " cannot be published: record it with "
          + "UsageEngine.reverse, which prices it from the stored original");
    }
  }

  /**
   * Reads a record value.
   *
   * @param value a record's value; may be {@code null}, as a tombstone's is
   * @return the event
   * @throws UnreadableRecordException if the value is not a record of a version this reader knows,
   *     breaks a rule of the event's fields, or names a metric the catalogue lacks
   */
  public UsageEvent read(byte[] value) {
    if (value == null || value.length == 0) {
      throw new UnreadableRecordException(UnreadableRecordException.Reason.MALFORMED, "the record has no value");
    }
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the value is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "v" -> f.version = integer(p, t, name);
          case "id" -> f.id = text(p, t, name);
          case "org" -> f.organization = text(p, t, name);
          case "ws" -> f.workspace = text(p, t, name);
          case "at" -> f.at = text(p, t, name);
          case "metric" -> f.metric = text(p, t, name);
          case "quantity" -> f.quantity = integer(p, t, name);
          case "dimensions" -> f.dimensions = dimensions(p, t);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw malformed("the value holds more than one JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new UnreadableRecordException(UnreadableRecordException.Reason.MALFORMED,
          "the value is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory failed", e);
    }
    return f.toEvent(catalog);
  }

  private static Dimensions dimensions(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw malformed("field 'dimensions' must be an object but was " + t);
    }
    Dimensions.Builder b = Dimensions.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String value = text(p, p.nextToken(), "dimensions." + key);
      try {
        Optional<DimensionKey> known = DimensionKey.fromKey(key);
        if (known.isPresent()) {
          b.set(known.get(), value);
        } else {
          b.custom(key, value);
        }
      } catch (IllegalArgumentException e) {
        throw malformed("dimension '" + key + "': " + e.getMessage());
      }
    }
    return b.build();
  }

  private static String text(JsonParser p, JsonToken t, String name) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw malformed("field '" + name + "' must be a string but was " + t);
    }
    return p.getText();
  }

  private static long integer(JsonParser p, JsonToken t, String name) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw malformed("field '" + name + "' must be an integer that fits in 64 bits but was " + t);
    }
    return p.getLongValue();
  }

  private static UnreadableRecordException malformed(String detail) {
    return new UnreadableRecordException(UnreadableRecordException.Reason.MALFORMED, detail);
  }

  /** The fields as read, checked once all are known, since JSON objects have no order. */
  private static final class Fields {
    Long version;
    String id;
    String organization;
    String workspace;
    String at;
    String metric;
    Long quantity;
    Dimensions dimensions = Dimensions.none();

    UsageEvent toEvent(MetricCatalog catalog) {
      if (version == null) {
        throw malformed("field 'v' (the format's version) is missing");
      }
      if (version < 1 || version > VERSION) {
        throw new UnreadableRecordException(UnreadableRecordException.Reason.UNSUPPORTED_VERSION,
            "version " + version + " is not one this reader knows (1 to " + VERSION + ")");
      }
      require(id, "id");
      require(organization, "org");
      require(workspace, "ws");
      require(at, "at");
      require(metric, "metric");
      require(quantity, "quantity");
      Metric resolved = catalog.find(metric).orElseThrow(() -> new UnreadableRecordException(
          UnreadableRecordException.Reason.UNKNOWN_METRIC, "metric '" + metric + "' is not in the catalogue"));
      try {
        return UsageEvent.builder(EventId.of(id), TenantId.of(organization, workspace), resolved)
            .at(Instant.parse(at))
            .quantity(quantity)
            .dimensions(dimensions)
            .build();
      } catch (DateTimeParseException e) {
        throw malformed("field 'at' must be an ISO-8601 instant such as 2026-12-03T10:15:30Z but was '" + at + "'");
      } catch (IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw malformed("field '" + name + "' is missing");
      }
    }
  }
}
