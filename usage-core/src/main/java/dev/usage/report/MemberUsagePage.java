package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One page of the members with usage in a range, each with the totals their {@link
 * MemberUsageReport} over the same days shows, in member id order, and the cursor to the next
 * page.
 *
 * <p>A member is listed when at least one event of the range is {@linkplain DimensionKey#MEMBER
 * attributed} to them. Pages are keyset-paged by member id: the cursor names the last member of a
 * page and the next page starts after it, so a member whose first usage is recorded while a client
 * pages shows up on a later page if their id sorts after the cursor, and never shifts the members
 * the client has yet to read. Ids are ordered by {@link String#compareTo}.
 *
 * <p>As JSON: {@code start_date}, {@code end_date}, {@code zone}, {@code members} (each {@code
 * memberId}, {@code totalChats}, {@code totalMessages}, {@code totalCredits}, named as in the
 * member's report) and {@code next_cursor}, {@code null} on the last page.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param range the days covered
 * @param members this page's members, in id order
 * @param nextCursor the cursor of the next page, empty on the last
 */
@JsonPropertyOrder({"range", "members", "next_cursor"})
public record MemberUsagePage(
    @JsonIgnore UsageRange range,
    @JsonProperty("members") List<Totals> members,
    @JsonIgnore Optional<String> nextCursor) {

  /** The members a page holds unless asked otherwise. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most members a page may hold. */
  public static final int MAX_PAGE_SIZE = 1_000;

  /**
   * Validates and copies.
   *
   * @param range the days covered
   * @param members this page's members, in strictly increasing id order
   * @param nextCursor the cursor of the next page, empty on the last
   * @throws IllegalArgumentException if the members are not in strictly increasing id order
   */
  public MemberUsagePage {
    requireNonNull(range, "range");
    members = List.copyOf(members);
    requireNonNull(nextCursor, "nextCursor");
    for (int i = 1; i < members.size(); i++) {
      if (members.get(i - 1).memberId().compareTo(members.get(i).memberId()) >= 0) {
        throw new IllegalArgumentException("members must be in increasing id order but " + members.get(i - 1).memberId()
            + " comes before " + members.get(i).memberId());
      }
    }
  }

  /**
   * Returns the range the product shows by default, that of a member's report: the UTC days from
   * the first of the current month to today.
   *
   * @param clock gives today; its zone is ignored
   * @return {@link MemberUsageReport#defaultRange}
   */
  public static UsageRange defaultRange(Clock clock) {
    return MemberUsageReport.defaultRange(clock);
  }

  /**
   * Reads one page with one aggregate query grouped by member and metric.
   *
   * @param only the one member to list, for a caller who may read only their own usage; empty for all
   * @param pageSize members per page, 1 to {@value #MAX_PAGE_SIZE}
   * @param cursor the previous page's {@link #nextCursor()}, or empty for the first page
   * @throws IllegalArgumentException if the page size is out of bounds or the cursor is not one a
   *     page issued
   */
  static MemberUsagePage read(UsageStore store, TenantId tenant, UsageRange range, Optional<String> only,
      int pageSize, Optional<String> cursor) {
    requireNonNull(store, "store");
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(only, "only");
    requireNonNull(cursor, "cursor");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("member page size must be 1 to " + MAX_PAGE_SIZE + " but was " + pageSize);
    }
    Optional<String> after = cursor.map(MemberUsagePage::decode);
    AggregateQuery.Builder query = AggregateQuery.builder(tenant, range).groupBy(GroupKey.MEMBER, GroupKey.METRIC);
    only.ifPresent(m -> query.where(DimensionKey.MEMBER, m));
    TreeMap<String, MemberTally> byMember = new TreeMap<>();
    for (AggregateRow row : store.aggregate(query.build())) {
      // work of agents alone and system work carry no member: in the workspace's totals, in no member's
      row.get(GroupKey.MEMBER).ifPresent(m -> byMember.computeIfAbsent(m, k -> new MemberTally()).add(row));
    }
    Map<String, MemberTally> rest = after.isPresent() ? byMember.tailMap(after.get(), false) : byMember;
    List<Totals> page = new ArrayList<>(Math.min(pageSize, rest.size()));
    for (Map.Entry<String, MemberTally> e : rest.entrySet()) {
      if (page.size() == pageSize) {
        break;
      }
      MemberTally t = e.getValue();
      page.add(new Totals(e.getKey(), t.chats(), t.messages(), Credits.ofMicros(t.creditMicros())));
    }
    Optional<String> next = page.size() < rest.size()
        ? Optional.of(encode(page.get(page.size() - 1).memberId()))
        : Optional.empty();
    return new MemberUsagePage(range, page, next);
  }

  // The cursor is the last member id, encoded so that clients treat it as opaque and ids with
  // reserved characters travel in a query string untouched.
  private static String encode(String memberId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(memberId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String id = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
          .toString();
      if (!id.isEmpty()) {
        return id;
      }
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // refused below with the value
    }
    throw new IllegalArgumentException("member cursor '" + cursor + "' is not one a member page issued");
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  @JsonProperty("next_cursor")
  String nextCursorJson() {
    return nextCursor.orElse(null);
  }

  /**
   * One member's totals over the page's range, as their {@link MemberUsageReport} shows them.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param memberId the member
   * @param totalChats conversations, as {@link MemberUsageReport#totalChats()}
   * @param totalMessages messages, as {@link MemberUsageReport#totalMessages()}
   * @param totalCredits credits of the member's events
   */
  @JsonPropertyOrder({"memberId", "totalChats", "totalMessages", "totalCredits"})
  public record Totals(
      @JsonProperty("memberId") String memberId,
      @JsonProperty("totalChats") long totalChats,
      @JsonProperty("totalMessages") long totalMessages,
      @JsonProperty("totalCredits") Credits totalCredits) {

    /**
     * Validates.
     *
     * @param memberId the member, not empty
     * @param totalChats conversations
     * @param totalMessages messages
     * @param totalCredits credits of the member's events
     * @throws IllegalArgumentException if the member id is empty
     */
    public Totals {
      requireNonNull(memberId, "memberId");
      requireNonNull(totalCredits, "totalCredits");
      if (memberId.isEmpty()) {
        throw new IllegalArgumentException("member id must not be empty");
      }
    }

    /**
     * Returns the totals of a member's report.
     *
     * @param report the member's report
     * @return its totals
     */
    public static Totals from(MemberUsageReport report) {
      return new Totals(report.memberId(), report.totalChats(), report.totalMessages(), report.totalCredits());
    }
  }
}
