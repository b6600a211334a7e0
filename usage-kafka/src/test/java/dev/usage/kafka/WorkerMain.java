package dev.usage.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.StoreCapability;
import dev.usage.spi.UsageStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ingest worker in a process of its own, for the tests that kill or pause one with a signal.
 *
 * <p>Arguments: bootstrap servers, topic, dead-letter topic, group, PostgreSQL URL, schema, client
 * id, and how long to wait after each store commit before the offsets are committed (0 for none).
 * It prints {@code ready} once started and {@code stored <n>} after each store commit, and closes
 * its worker on SIGTERM.
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args[0];
    String topic = args[1];
    String deadLetters = args[2];
    String group = args[3];
    String url = args[4];
    String schema = args[5];
    String clientId = args[6];
    long pauseAfterStore = Long.parseLong(args[7]);

    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url + "&currentSchema=" + schema);
    pool.setMaximumPoolSize(2);
    pool.setConnectionTimeout(5_000);
    HikariDataSource ds = new HikariDataSource(pool);
    UsageStore store = new AnnouncingStore(JdbcUsageStore.builder(ds).build(), pauseAfterStore);
    IngestWorker worker = IngestWorker.builder(TestUsage.engine(store))
        .kafka(Map.of("bootstrap.servers", bootstrap, "group.id", group, "client.id", clientId,
            "session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000))
        .topic(topic)
        .deadLetterTopic(deadLetters)
        .maxBatch(500)
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      ds.close();
    }));
    worker.start();
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Tells the test of each store commit, then waits, so that a kill can land between the two commits. */
  private static final class AnnouncingStore implements UsageStore {
    private final UsageStore store;
    private final long pauseMillis;

    AnnouncingStore(UsageStore store, long pauseMillis) {
      this.store = store;
      this.pauseMillis = pauseMillis;
    }

    @Override
    public AppendResult append(List<PricedEvent> events) {
      AppendResult result = store.append(events);
      System.out.println("stored " + events.size());
      System.out.flush();
      if (pauseMillis > 0) {
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return result;
    }

    @Override
    public EventPage scan(ScanQuery query) {
      return store.scan(query);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
      return store.aggregate(query);
    }

    @Override
    public Set<StoreCapability> capabilities() {
      return store.capabilities();
    }
  }
}
