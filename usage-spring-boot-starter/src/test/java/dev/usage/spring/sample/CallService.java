package dev.usage.spring.sample;

import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The sample's business code: a finished call is saved and its usage recorded in one transaction. */
@Service
public class CallService {

  private final JdbcClient jdbc;
  private final UsageEngine usage;
  private final Clock clock;

  CallService(JdbcClient jdbc, UsageEngine usage, Clock clock) {
    this.jdbc = jdbc;
    this.usage = usage;
    this.clock = clock;
  }

  /**
   * Saves a call that just ended and records its usage; then, if {@code failAfterwards}, fails as a
   * later step of the same unit of work might, which rolls the whole transaction back.
   */
  @Transactional
  public RecordResult finishCall(TenantId tenant, String callId, Duration length, boolean failAfterwards) {
    jdbc.sql("INSERT INTO calls (id, organization, workspace, seconds) VALUES (?, ?, ?, ?)")
        .params(callId, tenant.organization(), tenant.workspace(), length.toSeconds())
        .update();
    Instant end = clock.instant();
    RecordResult result = usage.record(UsageFacts.call(EventId.of(callId), tenant, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(end.minus(length), end), Dimensions.none()));
    if (failAfterwards) {
      throw new IllegalStateException("the CRM refused call " + callId + " after recording " + result.summary());
    }
    return result;
  }
}
