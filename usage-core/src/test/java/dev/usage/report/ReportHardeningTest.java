package dev.usage.report;

import static dev.usage.report.ReportFixture.CALCULATOR;
import static dev.usage.report.ReportFixture.OTHER;
import static dev.usage.report.ReportFixture.TENANT;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.usage.UsageOverflowException;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reports under attack: another tenant's look-alike data, and totals past a long. */
class ReportHardeningTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-20T12:00:00Z"), ZoneOffset.UTC);
  static final Instant AT = Instant.parse("2026-05-10T09:00:00Z");
  static final Caller ALL = Caller.of(TENANT, Scope.values()).asMember("alice");

  /** The same facts, same ids, same dimensions, for any tenant, {@code scale} times the quantities. */
  static List<UsageEvent> facts(TenantId tenant, long scale) {
    Dimensions dims = Dimensions.builder().member("alice").assistant("bot-1").phoneNumber("+14155550100")
        .campaign("'; DROP TABLE usage_events; --").build();
    List<UsageEvent> events = new ArrayList<>();
    events.addAll(UsageFacts.call(EventId.of("call-1"), tenant, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(AT, AT.plusSeconds(61 * scale)), dims));
    events.addAll(UsageFacts.call(EventId.of("chat-1"), tenant, Channel.WEB_CHAT, Direction.OUTBOUND,
        CallOutcome.finished(AT, AT.plusSeconds(30 * scale)), dims));
    events.addAll(UsageFacts.sms(EventId.of("sms-1"), tenant, AT, Direction.OUTBOUND, "hello " + "x".repeat((int) scale),
        dims));
    events.addAll(UsageFacts.aiCompletion(EventId.of("ai-1"), tenant, AT, "openai", "gpt-4o", ModelType.CHAT,
        TokenCounts.of(1_000 * scale, 200 * scale), dims));
    events.addAll(UsageFacts.workflowRun(EventId.of("wf-1"), tenant, AT, WorkflowOutcome.SUCCEEDED, dims));
    return events;
  }

  static UsageStore store(List<UsageEvent> events) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(events.stream().map(CALCULATOR::price).toList());
    return store;
  }

  static BiFunction<Caller, TenantId, Object> report(UsageReports reports, String name) {
    return switch (name) {
      case "summary" -> reports::summary;
      case "ai" -> reports::aiUsage;
      case "sms" -> reports::smsUsage;
      case "phone" -> reports::phoneUsage;
      case "voice" -> reports::voiceUsage;
      case "billable" -> reports::billableMetrics;
      case "credit" -> reports::creditUsage;
      case "member" -> (c, t) -> reports.memberUsage(c, t, "alice");
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"summary", "ai", "sms", "phone", "voice", "billable", "credit", "member"})
  @DisplayName("a report is the same whether or not another tenant has look-alike events with the same ids")
  void report_ignoresAnotherTenantsLookAlikeEvents(String name) {
    List<UsageEvent> mine = facts(TENANT, 1);
    List<UsageEvent> mixed = new ArrayList<>(mine);
    mixed.addAll(facts(OTHER, 7));

    Object alone = report(UsageReports.builder(store(mine)).clock(CLOCK).build(), name).apply(ALL, TENANT);
    Object withOther = report(UsageReports.builder(store(mixed)).clock(CLOCK).build(), name).apply(ALL, TENANT);

    assertThat(json(withOther)).isEqualTo(json(alone));
  }

  @ParameterizedTest
  @ValueSource(strings = {"summary", "ai", "sms", "phone", "voice", "billable", "credit", "member"})
  @DisplayName("a report whose credit total passes the largest amount throws instead of wrapping")
  void report_creditTotalPastLongMax_throwsOverflow(String name) {
    // Each completion costs about 5e12 credits (5e18 micro-credits): either fits, their sum does not.
    long tokens = 5_000_000_000_000_000L;
    List<UsageEvent> events = new ArrayList<>();
    Dimensions alice = Dimensions.builder().member("alice").build();
    events.addAll(UsageFacts.aiCompletion(EventId.of("ai-a"), TENANT, AT, "openai", "o1", ModelType.CHAT,
        TokenCounts.of(tokens, 0), alice));
    events.addAll(UsageFacts.aiCompletion(EventId.of("ai-b"), TENANT, AT, "anthropic", "claude", ModelType.CHAT,
        TokenCounts.of(tokens, 0), alice));
    UsageReports reports = UsageReports.builder(store(events)).clock(CLOCK).build();

    Throwable thrown = catchThrowable(() -> report(reports, name).apply(ALL, TENANT));

    if (thrown == null) {
      // A report that shows no credits may answer; the token total (1e16) fits.
      assertThat(json(report(reports, name).apply(ALL, TENANT)).toString()).doesNotContainPattern(":-[0-9]");
    } else {
      assertThat(thrown).isInstanceOf(UsageOverflowException.class);
    }
  }
}
