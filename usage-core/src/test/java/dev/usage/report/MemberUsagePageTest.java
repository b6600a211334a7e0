package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.GLOBEX;
import static dev.usage.report.BillableFixtures.at;
import static dev.usage.report.BillableFixtures.by;
import static dev.usage.report.BillableFixtures.call;
import static dev.usage.report.BillableFixtures.humanMessage;
import static dev.usage.report.MemberUsageReportTest.APRIL_1_TO_15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.event.Channel;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemberUsagePageTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-15T12:00:00Z"), ZoneOffset.UTC);

  /** The member report test's workspace, plus members whose ids sort around them and need escaping. */
  static UsageStore workspace() {
    UsageStore store = MemberUsageReportTest.workspace();
    store.append(call(ACME, "c5", at("2026-04-05T09:00:00Z"), Channel.VOICE, 90, by("Zoë/ü", null)));
    store.append(humanMessage(ACME, "h1", at("2026-04-06T09:00:00Z"), by("a+b c", null)));
    // outside April 1 to 15: not listed over that range
    store.append(call(ACME, "c6", at("2026-04-20T09:00:00Z"), Channel.VOICE, 30, by("late", null)));
    return store;
  }

  static List<MemberUsagePage.Totals> all(UsageStore store, UsageRange range, int pageSize) {
    List<MemberUsagePage.Totals> all = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      MemberUsagePage page = MemberUsagePage.read(store, ACME, range, Optional.empty(), pageSize, cursor);
      assertThat(page.members().size()).isLessThanOrEqualTo(pageSize);
      all.addAll(page.members());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return all;
  }

  @Test
  @DisplayName("each listed member's totals are those of their own member report over the same days")
  void read_rowsEqualTheMembersReports() {
    UsageStore store = workspace();

    MemberUsagePage page = MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 50, Optional.empty());

    assertThat(page.members()).extracting(MemberUsagePage.Totals::memberId)
        .containsExactly("Zoë/ü", "a+b c", "m1", "m2");
    for (MemberUsagePage.Totals row : page.members()) {
      assertThat(row).isEqualTo(MemberUsagePage.Totals.from(
          MemberUsageReport.compute(store, ACME, row.memberId(), APRIL_1_TO_15)));
    }
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  @DisplayName("work without a member, and members of another workspace, are in no row")
  void read_onlyAttributedUsageOfTheTenant() {
    MemberUsagePage page = MemberUsagePage.read(workspace(), ACME, APRIL_1_TO_15, Optional.empty(), 50,
        Optional.empty());

    // m1 of Globex made a 600 s call; Acme's m1 row must not include it
    MemberUsagePage.Totals m1 = page.members().stream().filter(r -> r.memberId().equals("m1")).findFirst()
        .orElseThrow();
    assertThat(m1.totalChats()).isEqualTo(2);
    assertThat(MemberUsagePage.read(workspace(), GLOBEX, APRIL_1_TO_15, Optional.empty(), 50, Optional.empty())
        .members()).extracting(MemberUsagePage.Totals::memberId).containsExactly("m1");
  }

  @Test
  @DisplayName("pages of any size, read cursor by cursor, list every member once in order")
  void read_pagesConcatenateToTheWholeList() {
    UsageStore store = workspace();
    List<MemberUsagePage.Totals> whole = MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 1_000,
        Optional.empty()).members();

    for (int size = 1; size <= 5; size++) {
      assertThat(all(store, APRIL_1_TO_15, size)).as("page size %s", size).isEqualTo(whole);
    }
  }

  @Test
  @DisplayName("a member whose first usage arrives while a client pages does not shift the pages still to read")
  void read_keysetCursorSurvivesNewMembers() {
    UsageStore store = workspace();
    MemberUsagePage first = MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 2, Optional.empty());
    assertThat(first.members()).extracting(MemberUsagePage.Totals::memberId).containsExactly("Zoë/ü", "a+b c");

    // sorts before the cursor: would shift an offset-paged list by one
    store.append(call(ACME, "c7", at("2026-04-07T09:00:00Z"), Channel.VOICE, 20, by("A-first", null)));
    MemberUsagePage second = MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 2,
        first.nextCursor());

    assertThat(second.members()).extracting(MemberUsagePage.Totals::memberId).containsExactly("m1", "m2");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  @DisplayName("one member only: the listing of a member who may read only their own usage")
  void read_only() {
    MemberUsagePage page = MemberUsagePage.read(workspace(), ACME, APRIL_1_TO_15, Optional.of("m2"), 50,
        Optional.empty());

    assertThat(page.members()).extracting(MemberUsagePage.Totals::memberId).containsExactly("m2");
  }

  @Test
  @DisplayName("a page size out of bounds or a cursor no page issued is refused, naming the value")
  void read_badArguments() {
    UsageStore store = workspace();
    assertThatThrownBy(() -> MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 1000 but was 0");
    assertThatThrownBy(() -> MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 1_001,
        Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
    for (String bad : List.of("not base64!", "", "_w")) {
      assertThatThrownBy(() -> MemberUsagePage.read(store, ACME, APRIL_1_TO_15, Optional.empty(), 5,
          Optional.of(bad))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  @DisplayName("as JSON: the range, the members with the member report's field names, and next_cursor")
  void json_fieldNames() throws Exception {
    MemberUsagePage page = MemberUsagePage.read(workspace(), ACME, APRIL_1_TO_15, Optional.empty(), 1,
        Optional.empty());

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(page));

    assertThat(json.fieldNames()).toIterable().containsExactly("start_date", "end_date", "zone", "members",
        "next_cursor");
    assertThat(json.path("members").get(0).fieldNames()).toIterable()
        .containsExactly("memberId", "totalChats", "totalMessages", "totalCredits");
    assertThat(json.path("next_cursor").asText()).isEqualTo(page.nextCursor().orElseThrow());
  }

  @Test
  @DisplayName("the reports list every member with analytics:read, only oneself with members:read, nobody else's")
  void usageReports_members_access() {
    UsageReports reports = UsageReports.builder(workspace()).clock(CLOCK).build();

    assertThat(reports.members(Caller.of(ACME, Scope.ANALYTICS_READ), ACME).members()).hasSize(4);
    assertThat(reports.members(Caller.of(ACME, Scope.MEMBERS_READ).asMember("m1"), ACME).members())
        .extracting(MemberUsagePage.Totals::memberId).containsExactly("m1");
    assertThatThrownBy(() -> reports.members(Caller.of(ACME, Scope.MEMBERS_READ), ACME))
        .isInstanceOf(ReportAccessDeniedException.class).hasMessageContaining("analytics:read");
    assertThatThrownBy(() -> reports.members(Caller.of(ACME, Scope.BILLING_MANAGE).asMember("m1"), ACME))
        .isInstanceOf(ReportAccessDeniedException.class);
    assertThatThrownBy(() -> reports.members(Caller.of(GLOBEX, Scope.values()), ACME))
        .isInstanceOf(ReportAccessDeniedException.class).hasMessageContaining("own workspace");
  }
}
