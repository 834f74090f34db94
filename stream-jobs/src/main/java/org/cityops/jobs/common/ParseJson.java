package org.cityops.jobs.common;

import java.io.Serializable;
import java.util.function.Function;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.ContractViolation;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;

/**
 * Parses and validates each record as a contract record; what fails goes to {@link #rejected()}
 * with the field it failed on ({@code invalid_field}) or {@code malformed}, stamped with the
 * record's own timestamp. Stateless; never throws, so one bad record cannot fail the job.
 *
 * <p>On a topic that carries several kinds of record ({@code city.control}), {@link #only} passes
 * over, without a word, the records another job reads: each is refused by the one job it is for.
 *
 * @param <T> the contract record
 */
public final class ParseJson<T> extends ProcessFunction<RawRecord, T> {
  /** Reads and validates one record's bytes. */
  @FunctionalInterface
  public interface Reader<T> extends Function<byte[], T>, Serializable {}

  /** Which records of a shared topic this parser is for. */
  @FunctionalInterface
  public interface Selection extends java.util.function.Predicate<byte[]>, Serializable {}

  private final Reader<T> reader;
  private final String source;
  private final OutputTag<Rejected> rejected;
  private final Selection selection;

  /**
   * @param source names where rejects came from, e.g. {@code flink:city.control}
   */
  public ParseJson(Reader<T> reader, String source) {
    this(reader, source, value -> true);
  }

  private ParseJson(Reader<T> reader, String source, Selection selection) {
    this.reader = reader;
    this.source = source;
    this.rejected = RejectedOutput.tag("unparseable-" + source.replaceAll("[^a-z.]", "-"));
    this.selection = selection;
  }

  /** The same parser, reading only the records {@code selection} takes and passing over others. */
  public ParseJson<T> only(Selection selection) {
    return new ParseJson<>(reader, source, selection);
  }

  public OutputTag<Rejected> rejected() {
    return rejected;
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<T> out) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    if (!selection.test(value)) {
      return;
    }
    try {
      out.collect(reader.apply(value));
    } catch (ContractViolation e) {
      ctx.output(
          rejected,
          RejectedOutput.of(
              source, RejectReason.INVALID_FIELD, e.getMessage(), value, record.timestampMillis()));
    } catch (RuntimeException e) {
      ctx.output(
          rejected,
          RejectedOutput.of(
              source,
              RejectReason.MALFORMED,
              "not a contract record: " + e.getMessage(),
              value,
              record.timestampMillis()));
    }
  }
}
