package dev.usage.report;

import static dev.usage.report.ReportFixture.OTHER;
import static dev.usage.report.ReportFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.TenantAccounts;
import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.TenantId;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageReportsTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-20T12:00:00Z"), ZoneOffset.UTC);
  static final TenantId NOBODY = TenantId.of("no-such-org", "none");

  final ReportFixture fixture = new ReportFixture();
  final UsageReports reports = UsageReports.builder(fixture.store).clock(CLOCK).build();

  /** Each report the facade serves, with the scope it needs. */
  static Map<String, Scope> reportScopes() {
    return Map.of("summary", Scope.BILLING_MANAGE, "ai", Scope.ANALYTICS_READ, "sms", Scope.ANALYTICS_READ,
        "phone", Scope.ANALYTICS_READ, "voice", Scope.ANALYTICS_READ, "billable", Scope.BILLING_MANAGE,
        "credit", Scope.BILLING_MANAGE);
  }

  static Iterable<String> reportNames() {
    return reportScopes().keySet();
  }

  BiFunction<Caller, TenantId, Object> report(String name) {
    return switch (name) {
      case "summary" -> reports::summary;
      case "ai" -> reports::aiUsage;
      case "sms" -> reports::smsUsage;
      case "phone" -> reports::phoneUsage;
      case "voice" -> reports::voiceUsage;
      case "billable" -> reports::billableMetrics;
      case "credit" -> reports::creditUsage;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @MethodSource("reportNames")
  void report_withItsScope_isServed(String name) {
    assertThat(report(name).apply(Caller.of(TENANT, reportScopes().get(name)), TENANT)).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("reportNames")
  void report_withoutItsScope_isDeniedNamingTheScope(String name) {
    Scope needed = reportScopes().get(name);
    Scope[] others = java.util.Arrays.stream(Scope.values()).filter(s -> s != needed).toArray(Scope[]::new);

    assertThatThrownBy(() -> report(name).apply(Caller.of(TENANT, others), TENANT))
        .isInstanceOf(ReportAccessDeniedException.class)
        .hasMessage("this report needs scope " + needed.key());
  }

  @ParameterizedTest
  @MethodSource("reportNames")
  void report_ofAnotherTenant_isDeniedAlikeWhetherOrNotItExists(String name) {
    Caller caller = Caller.of(OTHER, Scope.values());
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, Instant.parse("2026-05-02T10:00:00Z"), 61, null);

    Throwable existing = org.assertj.core.api.Assertions.catchThrowable(() -> report(name).apply(caller, TENANT));
    Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> report(name).apply(caller, NOBODY));

    assertThat(existing).isInstanceOf(ReportAccessDeniedException.class);
    assertThat(missing).isInstanceOf(ReportAccessDeniedException.class).hasMessage(existing.getMessage());
  }

  @Test
  void memberUsage_ownWithMembersRead_othersNeedAnalyticsRead() {
    Caller alice = Caller.of(TENANT, Scope.MEMBERS_READ).asMember("alice");

    assertThat(reports.memberUsage(alice, TENANT, "alice").memberId()).isEqualTo("alice");
    assertThatThrownBy(() -> reports.memberUsage(alice, TENANT, "bob"))
        .isInstanceOf(ReportAccessDeniedException.class)
        .hasMessageContaining("analytics:read");
    assertThat(reports.memberUsage(Caller.of(TENANT, Scope.ANALYTICS_READ), TENANT, "bob").memberId())
        .isEqualTo("bob");
    assertThatThrownBy(() -> reports.memberUsage(Caller.of(TENANT).asMember("alice"), TENANT, "alice"))
        .isInstanceOf(ReportAccessDeniedException.class);
  }

  @Test
  void checkMemberUsage_appliesTheRuleOfMemberUsage() {
    Caller alice = Caller.of(TENANT, Scope.MEMBERS_READ).asMember("alice");

    reports.checkMemberUsage(alice, TENANT, "alice");
    reports.checkMemberUsage(Caller.of(TENANT, Scope.ANALYTICS_READ), TENANT, "bob");
    assertThatThrownBy(() -> reports.checkMemberUsage(alice, TENANT, "bob"))
        .isInstanceOf(ReportAccessDeniedException.class)
        .hasMessage("another member's usage needs scope analytics:read");
    assertThatThrownBy(() -> reports.checkMemberUsage(Caller.of(TENANT).asMember("alice"), TENANT, "alice"))
        .isInstanceOf(ReportAccessDeniedException.class)
        .hasMessage("member usage needs scope members:read or analytics:read");
    assertThatThrownBy(() -> reports.checkMemberUsage(Caller.of(OTHER, Scope.values()), TENANT, "alice"))
        .isInstanceOf(ReportAccessDeniedException.class);
  }

  @Test
  void defaults_areEachProductsDocumentedRange() {
    Caller all = Caller.of(TENANT, Scope.values());

    assertThat(reports.summary(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-20"));
    assertThat(reports.aiUsage(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-04-21", "2026-05-20"));
    assertThat(reports.smsUsage(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-31"));
    assertThat(reports.phoneUsage(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-31"));
    assertThat(reports.voiceUsage(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-31"));
    assertThat(reports.memberUsage(all, TENANT, "alice").range())
        .isEqualTo(UsageRange.parse("2026-05-01", "2026-05-20"));
    assertThat(reports.billableMetrics(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-31"));
    assertThat(reports.billableMetrics(all, TENANT, BillablePeriod.LAST_7_DAYS).range().start())
        .isEqualTo(LocalDate.parse("2026-05-14"));
  }

  @Test
  void creditUsage_last30DaysByDefault_presetsAsOnBillableMetrics() {
    Caller all = Caller.of(TENANT, Scope.values());

    assertThat(reports.creditUsage(all, TENANT).range()).isEqualTo(UsageRange.parse("2026-04-21", "2026-05-20"));
    for (BillablePeriod p : BillablePeriod.values()) {
      assertThat(reports.creditUsage(all, TENANT, p, 1, 10).range()).as("%s", p)
          .isEqualTo(reports.billableMetrics(all, TENANT, p).range()).isEqualTo(p.range(CLOCK));
    }
  }

  @Test
  void billingPeriod_startsOnTheTenantsAnchorDay_elseOnTheReportsDefault() {
    TenantAccounts accounts = new TenantAccounts() {
      @Override
      public java.util.Optional<dev.usage.plan.Plan> plan(TenantId tenant) {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.OptionalInt billingAnchorDay(TenantId tenant) {
        return tenant.equals(TENANT) ? java.util.OptionalInt.of(15) : java.util.OptionalInt.empty();
      }
    };
    UsageReports anchored = UsageReports.builder(fixture.store).accounts(accounts).billingAnchorDay(3).clock(CLOCK)
        .build();

    assertThat(anchored.billableMetrics(Caller.of(TENANT, Scope.values()), TENANT).range())
        .isEqualTo(UsageRange.parse("2026-05-15", "2026-06-14"));
    assertThat(anchored.range(TENANT, BillablePeriod.BILLING_PERIOD)).isEqualTo(UsageRange.parse("2026-05-15", "2026-06-14"));
    assertThat(anchored.range(OTHER, BillablePeriod.BILLING_PERIOD)).isEqualTo(UsageRange.parse("2026-05-03", "2026-06-02"));
    assertThat(anchored.range(TENANT, BillablePeriod.THIS_MONTH)).isEqualTo(UsageRange.parse("2026-05-01", "2026-05-31"));
  }

  @Test
  void organizationSummary_addsUpItsWorkspacesDayByDay_behindTheOrganizationsScope() {
    TenantId sales = TenantId.of(TENANT.organization(), "sales");
    UsageRange may = UsageRange.parse("2026-05-01", "2026-05-20");
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, Instant.parse("2026-05-02T10:00:00Z"), 61, null);
    fixture.record(dev.usage.event.UsageFacts.call(dev.usage.event.EventId.of("sales-1"), sales, Channel.WEB_CHAT,
        Direction.OUTBOUND, dev.usage.event.CallOutcome.finished(Instant.parse("2026-05-02T11:00:00Z"),
            Instant.parse("2026-05-02T11:00:20Z")), dev.usage.event.Dimensions.none()));
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, Instant.parse("2026-05-03T10:00:00Z"), 20, null);
    Caller acme = Caller.of(TENANT, Scope.values());
    Caller salesCaller = Caller.of(sales, Scope.values());
    OrganizationCaller org = OrganizationCaller.of(TENANT.organization(), Scope.BILLING_MANAGE);

    UsageSummaryReport total = reports.organizationSummary(org, TENANT.organization(), List.of("main", "sales"), may);

    UsageSummaryReport main = reports.summary(acme, TENANT, may);
    UsageSummaryReport salesOnly = reports.summary(salesCaller, sales, may);
    assertThat(total).isEqualTo(main.plus(salesOnly));
    assertThat(total.totalCalls()).isEqualTo(3);
    assertThat(total.voiceCalls()).isEqualTo(2);
    assertThat(total.chatCalls()).isEqualTo(1);
    assertThat(total.voiceSeconds() + total.chatSeconds()).isEqualTo(61 + 20 + 20);
    assertThat(total.dailyPoints().get(1).calls()).isEqualTo(2);
    assertThatThrownBy(() -> reports.organizationSummary(OrganizationCaller.of("globex", Scope.BILLING_MANAGE),
        TENANT.organization(), List.of("main"), may)).isInstanceOf(ReportAccessDeniedException.class);
    assertThatThrownBy(() -> reports.organizationSummary(OrganizationCaller.of(TENANT.organization(),
        Scope.ANALYTICS_READ), TENANT.organization(), List.of("main"), may))
        .isInstanceOf(ReportAccessDeniedException.class).hasMessageContaining("billing:manage");
    assertThatThrownBy(() -> reports.organizationSummary(org, TENANT.organization(), List.of("main", "main"), may))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> main.plus(reports.summary(acme, TENANT, UsageRange.parse("2026-05-01", "2026-05-19"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ranges differ");
  }

  @Test
  void summary_countsALateCallOnItsUtcDay() {
    // 22:00 on 30 April in Los Angeles is 05:00 on 1 May in UTC
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, Instant.parse("2026-05-01T05:00:00Z"), 61, null);

    UsageSummaryReport summary = reports.summary(Caller.of(TENANT, Scope.BILLING_MANAGE), TENANT,
        UsageRange.parse("2026-04-30", "2026-05-01"));

    assertThat(summary.daily()).extracting(d -> d.day().toString(), UsageSummaryReport.Day::calls)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-04-30", 0L),
            org.assertj.core.groups.Tuple.tuple("2026-05-01", 1L));
  }
}
