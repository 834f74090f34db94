package org.cityops.ingestion.bridge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.ingestion.limit.RateLimits;
import org.cityops.ingestion.limit.TokenBuckets;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.parse.ReadingParser;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.reports.ReportIntake;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.ingestion.validate.ReadingValidator;

/**
 * Decides what one MQTT message becomes in Kafka: readings keyed by sensor id on {@code
 * city.readings}, a report keyed by report id on {@code city.reports}, or one record on {@code
 * city.rejected} with the reason. A message always yields at least one record, so nothing can
 * vanish between MQTT and Kafka. A SenML pack with one bad record is rejected whole: accepting half
 * a pack would hide the problem from the sender.
 *
 * <p>Each sensor and each reporter may send only so much ({@link RateLimits}, in the event time of
 * what they send); a message past its sender's limit is refused whole with reason {@code
 * rate_limited}. A reading's sender is the sensor its topic names (ACLs keep a sensor to its own
 * topic); a report's is its reporter's pseudonym, so the limit follows the person, not the phone
 * number, and never stores the number.
 *
 * <p>Thread-safe; its only state is the senders' token buckets.
 */
public final class MessageRouter {
  public static final String REPORTS_PREFIX = "city/reports";

  private final ReadingParser readingParser;
  private final ReadingValidator validator;
  private final ReportIntake reportIntake;
  private final RateLimits rateLimits;
  private final TokenBuckets sensors;
  private final TokenBuckets reporters;

  public MessageRouter(
      ReadingParser readingParser,
      ReadingValidator validator,
      ReportIntake reportIntake,
      RateLimits rateLimits) {
    this.readingParser = readingParser;
    this.validator = validator;
    this.reportIntake = reportIntake;
    this.rateLimits = rateLimits;
    this.sensors = rateLimits.sensorBuckets();
    this.reporters = rateLimits.reporterBuckets();
  }

  /**
   * The router with the default parsers, the given plausibility limits and pseudonym key, and no
   * rate limits.
   */
  public static MessageRouter create(ReadingLimits limits, Pseudonymizer pseudonymizer) {
    return create(limits, pseudonymizer, RateLimits.OFF);
  }

  /** The router with the default parsers and the given limits and pseudonym key. */
  public static MessageRouter create(
      ReadingLimits limits, Pseudonymizer pseudonymizer, RateLimits rateLimits) {
    return new MessageRouter(
        new ReadingParser(),
        new ReadingValidator(limits),
        new ReportIntake(pseudonymizer),
        rateLimits);
  }

  public List<Routed> route(String mqttTopic, byte[] payload, Instant receivedAt) {
    String source = "mqtt:" + mqttTopic;
    if (mqttTopic.equals(REPORTS_PREFIX) || mqttTopic.startsWith(REPORTS_PREFIX + "/")) {
      try {
        CitizenReport report = reportIntake.parse(payload);
        if (reporters != null && !reporters.tryTake(report.reporterId(), 1, report.time())) {
          return List.of(
              rejected(
                  source,
                  RejectReason.RATE_LIMITED,
                  "reporter "
                      + report.reporterId()
                      + " sent more than "
                      + rateLimits.reporterPerHour()
                      + " reports an hour (burst "
                      + rateLimits.reporterBurst()
                      + ")",
                  payload,
                  receivedAt,
                  reportIntake::scrub));
        }
        return List.of(
            new Routed(
                Routed.Kind.REPORT,
                Topics.REPORTS,
                report.reportId(),
                EventJson.write(report),
                null,
                null));
      } catch (ParseException e) {
        return List.of(
            rejected(source, e.reason(), e.getMessage(), payload, receivedAt, reportIntake::scrub));
      }
    }
    Optional<SensorTopic> sensorTopic = SensorTopic.parse(mqttTopic);
    if (sensorTopic.isEmpty()) {
      return List.of(
          rejected(
              source,
              RejectReason.UNKNOWN_TOPIC,
              "topic '"
                  + mqttTopic
                  + "' is not city/sensors/<kind>/<sensorId> nor city/reports/...",
              payload,
              receivedAt,
              UnaryOperator.identity()));
    }
    try {
      List<Reading> readings = readingParser.parse(sensorTopic.get(), payload, receivedAt);
      Instant latest = Instant.MIN;
      for (Reading reading : readings) {
        validator.check(reading, receivedAt);
        latest = reading.time().isAfter(latest) ? reading.time() : latest;
      }
      String sensorId = sensorTopic.get().sensorId();
      if (sensors != null && !sensors.tryTake(sensorId, readings.size(), latest)) {
        throw new ParseException(
            RejectReason.RATE_LIMITED,
            "sensor "
                + sensorId
                + " sent more than "
                + rateLimits.sensorPerSecond()
                + " readings a second (burst "
                + rateLimits.sensorBurst()
                + "); these "
                + readings.size()
                + " refused");
      }
      List<Routed> out = new ArrayList<>(readings.size());
      for (Reading reading : readings) {
        out.add(
            new Routed(
                Routed.Kind.READING,
                Topics.READINGS,
                reading.sensorId(),
                EventJson.write(reading),
                reading.dedupKey(),
                null));
      }
      return out;
    } catch (ParseException e) {
      return List.of(
          rejected(
              source, e.reason(), e.getMessage(), payload, receivedAt, UnaryOperator.identity()));
    }
  }

  private static Routed rejected(
      String source,
      RejectReason reason,
      String detail,
      byte[] payload,
      Instant receivedAt,
      UnaryOperator<String> scrub) {
    Rejected rejected = Rejected.of(source, reason, detail, payload, receivedAt, scrub);
    return new Routed(
        Routed.Kind.REJECTED, Topics.REJECTED, source, EventJson.write(rejected), null, reason);
  }
}
