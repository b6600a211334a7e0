package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import java.util.List;

/**
 * A store that passes every call to another: the tests' faulty stores extend it and override only
 * the call they break (most often {@code scan}).
 */
abstract class ForwardingStore implements UsageStore {

  final UsageStore delegate;

  ForwardingStore(UsageStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public AppendResult append(List<PricedEvent> events) {
    return delegate.append(events);
  }

  @Override
  public List<AggregateRow> aggregate(AggregateQuery query) {
    return delegate.aggregate(query);
  }

  @Override
  public EventPage scan(ScanQuery query) {
    return delegate.scan(query);
  }
}
