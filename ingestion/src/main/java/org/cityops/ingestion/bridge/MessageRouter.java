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
 * <p>Stateless and thread-safe.
 */
public final class MessageRouter {
  public static final String REPORTS_PREFIX = "city/reports";

  private final ReadingParser readingParser;
  private final ReadingValidator validator;
  private final ReportIntake reportIntake;

  public MessageRouter(
      ReadingParser readingParser, ReadingValidator validator, ReportIntake reportIntake) {
    this.readingParser = readingParser;
    this.validator = validator;
    this.reportIntake = reportIntake;
  }

  /** The router with the default parsers, the given plausibility limits and pseudonym key. */
  public static MessageRouter create(ReadingLimits limits, Pseudonymizer pseudonymizer) {
    return new MessageRouter(
        new ReadingParser(), new ReadingValidator(limits), new ReportIntake(pseudonymizer));
  }

  public List<Routed> route(String mqttTopic, byte[] payload, Instant receivedAt) {
    String source = "mqtt:" + mqttTopic;
    if (mqttTopic.equals(REPORTS_PREFIX) || mqttTopic.startsWith(REPORTS_PREFIX + "/")) {
      try {
        CitizenReport report = reportIntake.parse(payload);
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
      List<Routed> out = new ArrayList<>(readings.size());
      for (Reading reading : readings) {
        validator.check(reading, receivedAt);
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
