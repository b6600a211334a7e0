package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.pricing.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mapping between a {@link PricedEvent} and a row of {@code usage_events}: the column list,
 * the checks an event must pass to be stored exactly, binding and reading.
 *
 * <p>This class is immutable and thread-safe.
 */
final class EventRows {

  static final String TABLE = "usage_events";

  /** The primary key, as the insert returns it. */
  static final List<String> KEY = List.of("organization", "workspace", "event_id");

  /** Column names per dimension: the whitelist that every grouping and filter goes through. */
  private static final Map<DimensionKey, String> DIMENSION_COLUMNS = dimensionColumns();

  /** The columns written and read, in bind order. */
  static final List<String> COLUMNS = columns();

  /** {@link #COLUMNS} of the table aliased {@code u}, as the statements that read events back list them. */
  static final String READ_COLUMNS = String.join(", ", COLUMNS.stream().map(col -> "u." + col).toList());

  /** The array element type of each column, in {@link #COLUMNS} order, for array-bound inserts. */
  static final List<String> ELEMENT_TYPES = elementTypes();

  /**
   * The column of the wallet an event was debited from: its tenant's workspace, or '' for the
   * organization's shared wallet; NULL when the event was not debited. Written by the insert that
   * stores the event, read only by the ledger; not part of the event.
   */
  static final String DEBIT_WALLET = "debit_wallet";

  /** The columns inserted: {@link #COLUMNS}, then {@link #DEBIT_WALLET}. */
  static final List<String> INSERT_COLUMNS = append(COLUMNS, DEBIT_WALLET);

  /** The array element type of each of {@link #INSERT_COLUMNS}. */
  static final List<String> INSERT_ELEMENT_TYPES = append(ELEMENT_TYPES, "varchar");

  static final int MAX_RATE_CARD_VERSION = 128;
  static final int MAX_METRIC_KEY = 65;
  static final int MAX_MULTIPLIER_MODEL = 513;
  static final int MAX_INCREMENT = 40;
  /** Integer digits of a NUMERIC(38, 6) column. */
  static final int MAX_INTEGER_DIGITS = 32;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private EventRows() {}

  /** Returns the column of a dimension; names come from this fixed map, never from input. */
  static String column(DimensionKey key) {
    return DIMENSION_COLUMNS.get(key);
  }

  /**
   * Checks that an event can be stored and read back equal.
   *
   * @throws IllegalArgumentException naming the event when it cannot
   */
  static void check(PricedEvent p, MetricCatalog catalog) {
    UsageEvent e = p.event();
    Metric known = catalog.find(e.metric().key()).orElse(null);
    if (known == null) {
      throw bad(e, "its metric '" + e.metric().key() + "' is not in the store's metric catalog; "
          + "add it with JdbcUsageStore.builder(…).catalog(…)");
    }
    if (!known.equals(e.metric())) {
      throw bad(e, "its metric '" + e.metric().key() + "' differs from the catalog's definition of that key");
    }
    long nanos = toNanos(e.occurredAt());
    if (nanos == Long.MIN_VALUE || nanos == Long.MAX_VALUE) {
      throw bad(e, "occurredAt " + e.occurredAt() + " is outside the stored range "
          + fromNanos(Long.MIN_VALUE + 1) + " to " + fromNanos(Long.MAX_VALUE - 1));
    }
    // Ids and dimension values need no scan here: EventId and Dimensions refuse U+0000 (ids all
    // control characters) and lone surrogates when they are made. The trace's text is the host's.
    PricingTrace t = p.trace();
    text(e, "rate card version", t.rateCardVersion(), MAX_RATE_CARD_VERSION);
    text(e, "rate metric", t.rateMetric(), MAX_METRIC_KEY);
    t.multiplierModel().ifPresent(m -> text(e, "multiplier model", m, MAX_MULTIPLIER_MODEL));
    t.rate().ifPresent(r -> decimal(e, "rate credits", r.credits()));
    decimal(e, "multiplier", t.multiplier().value());
    t.cachedTokenFactor().ifPresent(f -> decimal(e, "cached-token factor", f.value()));
    t.increment().ifPresent(inc -> {
      String s = inc.toString();
      boolean roundTrips;
      try {
        roundTrips = s.length() <= MAX_INCREMENT && BillingIncrement.parse(s).equals(inc);
      } catch (IllegalArgumentException ex) {
        roundTrips = false;
      }
      if (!roundTrips) {
        throw bad(e, "billing increment " + s + " cannot be stored: blocks must be at most 999999999 s");
      }
    });
  }

  private static void text(UsageEvent e, String what, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw bad(e, what + " must be at most " + maxLength + " characters but was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw bad(e, what + " contains U+0000, which PostgreSQL text cannot hold");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw bad(e, what + " contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
            + " at index " + i + ", which UTF-8 cannot encode");
      }
    }
  }

  private static void decimal(UsageEvent e, String what, BigDecimal value) {
    if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      throw bad(e, what + " " + value.toPlainString() + " has more than " + MAX_INTEGER_DIGITS + " integer digits");
    }
  }

  private static IllegalArgumentException bad(UsageEvent e, String why) {
    return new IllegalArgumentException("event " + e.id() + " of tenant " + e.tenant() + " cannot be stored: " + why);
  }

  /**
   * Returns the epoch nanoseconds of an instant, clamped to {@link Long#MIN_VALUE} and {@link
   * Long#MAX_VALUE}. Events are stored strictly between the two, so that a clamped query bound
   * still includes (from) or excludes (to) exactly what it should.
   */
  /** The first instant stored exactly: epoch nanoseconds one above the smallest long. */
  static final Instant MIN_INSTANT = fromNanos(Long.MIN_VALUE + 1);
  /** The last instant stored exactly: epoch nanoseconds one below the largest long. */
  static final Instant MAX_INSTANT = fromNanos(Long.MAX_VALUE - 1);

  static long toNanos(Instant at) {
    try {
      long s = at.getEpochSecond();
      int n = at.getNano();
      if (s < 0 && n > 0) {
        // (s + 1) s minus (1e9 - n) ns: stays in range down to the smallest long, unlike s × 1e9
        return Math.addExact(Math.multiplyExact(s + 1, NANOS_PER_SECOND), n - NANOS_PER_SECOND);
      }
      return Math.addExact(Math.multiplyExact(s, NANOS_PER_SECOND), n);
    } catch (ArithmeticException e) {
      return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /**
   * Binds an event's columns, in {@link #INSERT_COLUMNS} order, from parameter {@code index} on.
   *
   * @param debitWallet the workspace of the wallet the event will be debited from ('' for an
   *     organization's), or null
   * @return the index of the next parameter
   */
  static int bind(PreparedStatement ps, int index, PricedEvent p, String debitWallet) throws SQLException {
    UsageEvent e = p.event();
    PricingTrace t = p.trace();
    int i = index;
    ps.setString(i++, e.tenant().organization());
    ps.setString(i++, e.tenant().workspace());
    ps.setString(i++, e.id().value());
    ps.setLong(i++, toNanos(e.occurredAt()));
    ps.setString(i++, e.metric().key());
    ps.setLong(i++, e.quantity());
    ps.setLong(i++, p.billableQuantity());
    ps.setLong(i++, p.credits().micros());
    for (DimensionKey k : DimensionKey.values()) {
      text(ps, i++, e.dimensions().valueOrNull(k));
    }
    text(ps, i++, CustomDimensionsJson.write(e.dimensions().customValues()));
    text(ps, i++, e.reverses().map(EventId::value).orElse(null));
    ps.setString(i++, t.rateCardVersion());
    Rate rate = t.rate().orElse(null);
    if (rate == null) {
      ps.setNull(i++, Types.NUMERIC);
      ps.setNull(i++, Types.BIGINT);
      ps.setNull(i++, Types.BOOLEAN);
    } else {
      ps.setBigDecimal(i++, rate.credits());
      ps.setLong(i++, rate.per());
      ps.setBoolean(i++, rate.billedInIncrements());
    }
    ps.setString(i++, t.rateMetric());
    ps.setBigDecimal(i++, t.multiplier().value());
    text(ps, i++, t.multiplierModel().orElse(null));
    if (t.cachedTokenFactor().isPresent()) {
      ps.setBigDecimal(i++, t.cachedTokenFactor().get().value());
    } else {
      ps.setNull(i++, Types.NUMERIC);
    }
    text(ps, i++, t.increment().map(BillingIncrement::toString).orElse(null));
    ps.setString(i++, t.rounding().name());
    text(ps, i++, debitWallet);
    return i;
  }

  /**
   * Binds the columns of {@code rows}, one array per column in {@link #INSERT_COLUMNS} order, from
   * parameter 1 on: the parameters of {@link Dialect#insertNewRowsFromArrays}.
   *
   * @param debitWallets per row, as {@link #bind}'s {@code debitWallet}
   */
  static void bindArrays(PreparedStatement ps, Connection c, List<PricedEvent> rows, List<String> debitWallets)
      throws SQLException {
    int n = rows.size();
    int columns = INSERT_COLUMNS.size();
    Object[][] values = new Object[columns][];
    for (int col = 0; col < columns; col++) {
      values[col] = switch (INSERT_ELEMENT_TYPES.get(col)) {
        case "bigint" -> new Long[n];
        case "numeric" -> new BigDecimal[n];
        case "boolean" -> new Boolean[n];
        default -> new String[n];
      };
    }
    for (int r = 0; r < n; r++) {
      Object[] row = values(rows.get(r), debitWallets.get(r));
      for (int col = 0; col < columns; col++) {
        values[col][r] = row[col];
      }
    }
    for (int col = 0; col < columns; col++) {
      ps.setArray(col + 1, c.createArrayOf(INSERT_ELEMENT_TYPES.get(col), values[col]));
    }
  }

  /**
   * Returns a row's values in {@link #INSERT_COLUMNS} order: {@code String}, {@code Long}, {@code
   * BigDecimal}, {@code Boolean} or null, as {@link #INSERT_ELEMENT_TYPES} types them.
   *
   * @param debitWallet as {@link #bind}'s
   */
  static Object[] values(PricedEvent p, String debitWallet) {
    UsageEvent e = p.event();
    PricingTrace t = p.trace();
    Object[] v = new Object[INSERT_COLUMNS.size()];
    int i = 0;
    v[i++] = e.tenant().organization();
    v[i++] = e.tenant().workspace();
    v[i++] = e.id().value();
    v[i++] = toNanos(e.occurredAt());
    v[i++] = e.metric().key();
    v[i++] = e.quantity();
    v[i++] = p.billableQuantity();
    v[i++] = p.credits().micros();
    for (DimensionKey k : DimensionKey.values()) {
      v[i++] = e.dimensions().valueOrNull(k);
    }
    v[i++] = CustomDimensionsJson.write(e.dimensions().customValues());
    v[i++] = e.reverses().map(EventId::value).orElse(null);
    v[i++] = t.rateCardVersion();
    Rate rate = t.rate().orElse(null);
    v[i++] = rate == null ? null : rate.credits();
    v[i++] = rate == null ? null : rate.per();
    v[i++] = rate == null ? null : rate.billedInIncrements();
    v[i++] = t.rateMetric();
    v[i++] = t.multiplier().value();
    v[i++] = t.multiplierModel().orElse(null);
    v[i++] = t.cachedTokenFactor().map(CreditMultiplier::value).orElse(null);
    v[i++] = t.increment().map(BillingIncrement::toString).orElse(null);
    v[i++] = t.rounding().name();
    v[i++] = debitWallet;
    return v;
  }

  /**
   * Appends a row in the text format of PostgreSQL's {@code COPY}, {@link #INSERT_COLUMNS} in
   * order, tab-separated and ending with a newline: {@code \N} for null, {@code t} or {@code f}
   * for booleans, plain digits for numbers, and each backslash, tab, newline and carriage return
   * of a text value written as {@code \\}, {@code \t}, {@code \n} and {@code \r}, so that no
   * value can end its field or row, nor read as null.
   *
   * @param debitWallet as {@link #bind}'s
   */
  static void appendCopyText(StringBuilder out, PricedEvent p, String debitWallet) {
    Object[] v = values(p, debitWallet);
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      Object x = v[i];
      if (x == null) {
        out.append("\\N");
      } else if (x instanceof String s) {
        copyEscaped(out, s);
      } else if (x instanceof Long l) {
        out.append(l.longValue());
      } else if (x instanceof BigDecimal d) {
        out.append(d.toPlainString());
      } else if (x instanceof Boolean b) {
        out.append(b ? 't' : 'f');
      } else {
        throw new IllegalStateException("column " + INSERT_COLUMNS.get(i) + " has a value of unexpected type "
            + x.getClass().getName());
      }
    }
    out.append('\n');
  }

  private static void copyEscaped(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
  }

  private static void text(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  /**
   * Reads the event of the current row of a result whose columns start with {@link #COLUMNS}.
   *
   * @throws IllegalStateException if the stored metric is unknown to the catalog
   */
  static PricedEvent read(ResultSet rs, MetricCatalog catalog) throws SQLException {
    int i = 1;
    TenantId tenant = TenantId.of(rs.getString(i++), rs.getString(i++));
    EventId id = EventId.of(rs.getString(i++));
    Instant at = fromNanos(rs.getLong(i++));
    String metricKey = rs.getString(i++);
    Metric metric = catalog.find(metricKey).orElseThrow(() -> new IllegalStateException(
        "stored event " + id + " of tenant " + tenant + " has metric '" + metricKey
            + "', which the store's metric catalog does not know"));
    long quantity = rs.getLong(i++);
    long billable = rs.getLong(i++);
    Credits credits = Credits.ofMicros(rs.getLong(i++));
    Dimensions.Builder dims = Dimensions.builder();
    for (DimensionKey k : DimensionKey.values()) {
      String v = rs.getString(i++);
      if (v != null) {
        dims.set(k, v);
      }
    }
    CustomDimensionsJson.read(rs.getString(i++)).forEach(dims::custom);
    String reverses = rs.getString(i++);
    String version = rs.getString(i++);
    BigDecimal rateCredits = rs.getBigDecimal(i++);
    long ratePer = rs.getLong(i++);
    boolean inIncrements = rs.getBoolean(i++);
    Optional<Rate> rate = rateCredits == null ? Optional.empty() : Optional.of(new Rate(rateCredits, ratePer, inIncrements));
    String rateMetric = rs.getString(i++);
    CreditMultiplier multiplier = CreditMultiplier.of(rs.getBigDecimal(i++));
    Optional<String> multiplierModel = Optional.ofNullable(rs.getString(i++));
    BigDecimal cached = rs.getBigDecimal(i++);
    Optional<CreditMultiplier> cachedFactor = cached == null ? Optional.empty() : Optional.of(CreditMultiplier.of(cached));
    String increment = rs.getString(i++);
    RoundingMode rounding = RoundingMode.valueOf(rs.getString(i++));
    UsageEvent event = new UsageEvent(id, tenant, at, metric, quantity, dims.build(),
        Optional.ofNullable(reverses).map(EventId::of));
    PricingTrace trace = new PricingTrace(version, rate, rateMetric, multiplier, multiplierModel, cachedFactor,
        Optional.ofNullable(increment).map(BillingIncrement::parse), rounding);
    return new PricedEvent(event, credits, billable, trace);
  }

  /** Returns what differs between a stored event and one given again under its id, for a log line. */
  static String difference(PricedEvent stored, PricedEvent given) {
    List<String> diffs = new ArrayList<>();
    UsageEvent s = stored.event();
    UsageEvent g = given.event();
    diff(diffs, "occurredAt", s.occurredAt(), g.occurredAt());
    diff(diffs, "metric", s.metric(), g.metric());
    diff(diffs, "quantity", s.quantity(), g.quantity());
    diff(diffs, "dimensions", s.dimensions(), g.dimensions());
    diff(diffs, "reverses", s.reverses(), g.reverses());
    diff(diffs, "credits", stored.credits(), given.credits());
    diff(diffs, "billable quantity", stored.billableQuantity(), given.billableQuantity());
    diff(diffs, "pricing trace", stored.trace(), given.trace());
    return "event " + g.id() + " was recorded with different content: "
        + (diffs.isEmpty() ? "(metric definition)" : String.join(", ", diffs));
  }

  private static void diff(List<String> diffs, String what, Object stored, Object given) {
    if (!stored.equals(given)) {
      diffs.add(what + " " + stored + " recorded, " + given + " given");
    }
  }

  private static Map<DimensionKey, String> dimensionColumns() {
    Map<DimensionKey, String> m = new EnumMap<>(DimensionKey.class);
    m.put(DimensionKey.CHANNEL, "channel");
    m.put(DimensionKey.DIRECTION, "direction");
    m.put(DimensionKey.PROVIDER, "provider");
    m.put(DimensionKey.MODEL, "model");
    m.put(DimensionKey.MODEL_TYPE, "model_type");
    m.put(DimensionKey.PHONE_NUMBER, "phone_number");
    m.put(DimensionKey.MEMBER, "member");
    m.put(DimensionKey.ASSISTANT, "assistant");
    m.put(DimensionKey.CAMPAIGN, "campaign");
    m.put(DimensionKey.CONTACT, "contact");
    m.put(DimensionKey.CALL_ID, "call_id");
    if (m.size() != DimensionKey.values().length) {
      throw new AssertionError("a dimension has no column: " + m.keySet());
    }
    return Collections.unmodifiableMap(m);
  }

  private static List<String> append(List<String> list, String last) {
    List<String> all = new ArrayList<>(list);
    all.add(last);
    return List.copyOf(all);
  }

  private static List<String> elementTypes() {
    List<String> t = new ArrayList<>(List.of("varchar", "varchar", "varchar", "bigint", "varchar", "bigint", "bigint",
        "bigint"));
    t.addAll(Collections.nCopies(DimensionKey.values().length, "varchar"));
    t.addAll(List.of("varchar", "varchar", "varchar", "numeric", "bigint", "boolean", "varchar", "numeric", "varchar",
        "numeric", "varchar", "varchar"));
    return List.copyOf(t);
  }

  private static List<String> columns() {
    List<String> c = new ArrayList<>(List.of(
        "organization", "workspace", "event_id", "occurred_at", "metric", "quantity", "billable", "credits_micros"));
    for (DimensionKey k : DimensionKey.values()) {
      c.add(DIMENSION_COLUMNS.get(k));
    }
    c.addAll(List.of("custom_dimensions", "reverses_id", "rate_card_version", "rate_credits", "rate_per",
        "rate_in_increments", "rate_metric", "multiplier", "multiplier_model", "cached_token_factor",
        "billing_increment", "rounding"));
    return List.copyOf(c);
  }
}
