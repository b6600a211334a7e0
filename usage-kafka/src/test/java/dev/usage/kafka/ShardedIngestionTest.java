package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.UsageEngine;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import dev.usage.report.Caller;
import dev.usage.report.OrganizationCaller;
import dev.usage.report.Scope;
import dev.usage.report.UsageSummaryReport;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants split over two stores by a directory, as a deployment with one database per group of
 * tenants does: each workspace's report is read from its own shard and equals the report a single
 * store holding everything gives; an organization's report is the sum of its workspaces' reports,
 * whichever shard each lives on.
 */
class ShardedIngestionTest {

  private Ingestion ingestion;

  @AfterEach
  void stop() throws Exception {
    if (ingestion != null) {
      ingestion.close();
    }
  }

  @Test
  void reportsOverShardsAddUpToTheReportOverOneStore() throws Exception {
    ingestion = Ingestion.create(KafkaCluster.require(), "shards");
    List<TenantId> tenants = TestUsage.tenants(12);
    List<UsageEvent> events = TestUsage.workload("shards", tenants, 30_000, 3_000, 9);
    ingestion.publish(events);

    // The directory: which shard holds which tenant. Every organization spans both shards.
    List<UsageEngine> shards = List.of(TestUsage.engine(new InMemoryUsageStore()),
        TestUsage.engine(new InMemoryUsageStore()));
    Map<TenantId, UsageEngine> directory = new HashMap<>();
    for (int i = 0; i < tenants.size(); i++) {
      directory.put(tenants.get(i), shards.get((i / 3) % 2));
    }
    for (int i = 1; i <= 2; i++) {
      IngestWorker worker = IngestWorker.builder(MetricCatalog.builtIn(), directory::get)
          .kafka(Map.of("bootstrap.servers", ingestion.kafka.bootstrap(), "group.id", ingestion.group))
          .topic(ingestion.topic).deadLetterTopic(ingestion.deadLetters).build();
      worker.start();
      ingestion.own(worker);
    }
    ingestion.awaitAllCommitted(Duration.ofMinutes(3));

    UsageEngine single = TestUsage.engine(new InMemoryUsageStore());
    for (int i = 0; i < events.size(); i += 1_000) {
      single.record(events.subList(i, Math.min(events.size(), i + 1_000)));
    }
    for (TenantId tenant : tenants) {
      UsageEngine home = directory.get(tenant);
      UsageEngine other = shards.get(home == shards.get(0) ? 1 : 0);
      assertThat(TestUsage.totals(other.store(), List.of(tenant))).as("%s on the other shard", tenant).isEmpty();
      assertThat(TestUsage.totals(home.store(), List.of(tenant)))
          .isEqualTo(TestUsage.totals(single.store(), List.of(tenant))).isNotEmpty();
    }

    UsageRange range = UsageRange.of(TestUsage.FROM.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
        TestUsage.NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate());
    for (String organization : List.of("acme", "globex", "initech")) {
      List<TenantId> workspaces = tenants.stream().filter(t -> t.organization().equals(organization)).toList();
      UsageSummaryReport overShards = workspaces.stream()
          .map(t -> directory.get(t).reports().summary(Caller.of(t, Scope.BILLING_MANAGE), t, range))
          .reduce(UsageSummaryReport::plus).orElseThrow();
      UsageSummaryReport overOneStore = single.reports().organizationSummary(
          OrganizationCaller.of(organization, Scope.BILLING_MANAGE), organization,
          workspaces.stream().map(TenantId::workspace).toList(), range);
      assertThat(overShards).isEqualTo(overOneStore);
      assertThat(overShards.totalCalls()).isPositive();
    }
  }
}
