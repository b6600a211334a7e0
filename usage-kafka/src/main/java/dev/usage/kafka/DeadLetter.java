package dev.usage.kafka;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Why a usage record went to the dead-letter topic, and where it came from.
 *
 * <p>A dead-letter record carries the original key and value unchanged, and this description in
 * its headers ({@value #REASON}, {@value #DETAIL}, {@value #TOPIC}, {@value #PARTITION}, {@value
 * #OFFSET}), so an operator can read why, fix the cause (add the metric to the catalogue, top the
 * wallet up) and publish the original again. The source position identifies a record uniquely:
 * after a worker crash a record may be dead-lettered twice, and the copies carry the same position.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param reason a {@link UnreadableRecordException.Reason} name for a record that could not be
 *     read ({@code MALFORMED}, {@code UNSUPPORTED_VERSION}, {@code UNKNOWN_METRIC}), or a {@code
 *     dev.usage.EventOutcome.Reason} name for an event the engine did not store ({@code TOO_OLD},
 *     {@code CONFLICT}, {@code INSUFFICIENT_CREDITS}, ...), {@code NO_SHARD} for an event whose
 *     tenant no shard holds, or {@code INVALID} for an event the store refused outright
 * @param detail the reader's or the engine's explanation, naming the offending value
 * @param topic the topic the record was read from
 * @param partition its partition
 * @param offset its offset
 */
public record DeadLetter(String reason, String detail, String topic, int partition, long offset) {

  /** Header holding {@link #reason()}. */
  public static final String REASON = "usage.dead-letter.reason";
  /** Header holding {@link #detail()}. */
  public static final String DETAIL = "usage.dead-letter.detail";
  /** Header holding {@link #topic()}. */
  public static final String TOPIC = "usage.dead-letter.topic";
  /** Header holding {@link #partition()}, in decimal. */
  public static final String PARTITION = "usage.dead-letter.partition";
  /** Header holding {@link #offset()}, in decimal. */
  public static final String OFFSET = "usage.dead-letter.offset";

  /**
   * Validates.
   *
   * @param reason why, as a reason name
   * @param detail the explanation
   * @param topic the source topic
   * @param partition the source partition
   * @param offset the source offset
   */
  public DeadLetter {
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
    requireNonNull(topic, "topic");
  }

  /**
   * Reads the description from a record of the dead-letter topic.
   *
   * @param record a record of the dead-letter topic
   * @return its description, or empty if the record lacks the headers the worker writes
   */
  public static Optional<DeadLetter> of(ConsumerRecord<?, ?> record) {
    Headers h = requireNonNull(record, "record").headers();
    String reason = text(h, REASON);
    String detail = text(h, DETAIL);
    String topic = text(h, TOPIC);
    String partition = text(h, PARTITION);
    String offset = text(h, OFFSET);
    if (reason == null || detail == null || topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DeadLetter(reason, detail, topic, Integer.parseInt(partition), Long.parseLong(offset)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Writes this description into {@code headers}. */
  void writeTo(Headers headers) {
    headers.add(REASON, bytes(reason));
    headers.add(DETAIL, bytes(detail));
    headers.add(TOPIC, bytes(topic));
    headers.add(PARTITION, bytes(Integer.toString(partition)));
    headers.add(OFFSET, bytes(Long.toString(offset)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
