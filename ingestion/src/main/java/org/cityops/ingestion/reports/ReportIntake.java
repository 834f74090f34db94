package org.cityops.ingestion.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.cityops.events.CitizenReport;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.parse.Payloads;
import org.cityops.ingestion.reject.Pseudonymizer;

/**
 * Turns a resident's report as sent by an app ({@code city/reports/...}) into a {@link
 * CitizenReport}. The app sends who reported in {@code reporter} (a phone number or account id); it
 * leaves ingestion only as a keyed pseudonym in {@code reporterId}, and phone numbers in the free
 * text are masked. The personal fields are removed from the JSON before anything else reads it, so
 * not even a rejection carries them.
 */
public final class ReportIntake {
  /** Fields in an incoming report that identify a person. */
  public static final List<String> PERSONAL_FIELDS = List.of("reporter", "phone", "name", "email");

  public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

  private final Pseudonymizer pseudonymizer;

  public ReportIntake(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = pseudonymizer;
  }

  public CitizenReport parse(byte[] payload) throws ParseException {
    Payloads.requireSizeAndUtf8(payload, MAX_PAYLOAD_BYTES);
    JsonNode tree;
    try {
      tree = EventJson.mapper().readTree(payload);
    } catch (JsonProcessingException e) {
      throw new ParseException(RejectReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ParseException(RejectReason.MALFORMED, "not valid JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new ParseException(RejectReason.MALFORMED, "a report must be a JSON object");
    }
    ObjectNode report = (ObjectNode) tree;
    JsonNode reporter = report.get("reporter");
    if (reporter == null || !reporter.isTextual() || reporter.asText().isBlank()) {
      throw new ParseException(RejectReason.INVALID_FIELD, "field 'reporter' is required");
    }
    report.remove(PERSONAL_FIELDS);
    // Always derived here: a sender who could set reporterId could pose as many residents.
    report.put("reporterId", pseudonymizer.pseudonym(reporter.asText()));
    if (report.hasNonNull("text") && report.get("text").isTextual()) {
      report.put("text", pseudonymizer.maskPhoneNumbers(report.get("text").asText()));
    }
    try {
      return EventJson.mapper().treeToValue(report, CitizenReport.class).validate();
    } catch (ContractViolation e) {
      throw new ParseException(RejectReason.INVALID_FIELD, e.getMessage());
    } catch (JsonProcessingException e) {
      String field =
          e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                  && !m.getPath().isEmpty()
              ? m.getPath().get(0).getFieldName()
              : "?";
      throw new ParseException(
          RejectReason.INVALID_FIELD,
          "field '" + field + "' is malformed: " + e.getOriginalMessage());
    }
  }

  /**
   * Scrubs a report payload for the rejected topic: personal fields replaced by pseudonyms if it is
   * JSON, phone-like digit runs masked in any case.
   */
  public String scrub(String payloadText) {
    try {
      JsonNode tree = EventJson.mapper().readTree(payloadText);
      if (tree != null && tree.isObject()) {
        ObjectNode report = (ObjectNode) tree;
        report
            .properties()
            .forEach(
                field -> {
                  if (field.getValue().isTextual() && !PERSONAL_FIELDS.contains(field.getKey())) {
                    field.setValue(
                        report.textNode(pseudonymizer.maskPhoneNumbers(field.getValue().asText())));
                  }
                });
        // Pseudonyms last: their hex digits must not be mistaken for phone numbers.
        for (String field : PERSONAL_FIELDS) {
          JsonNode value = report.get(field);
          if (value != null) {
            report.put(field, pseudonymizer.pseudonym(value.asText()));
          }
        }
        return EventJson.mapper().writeValueAsString(report);
      }
    } catch (IOException | RuntimeException notJson) {
      // fall through: mask what looks like a phone number in the raw text
    }
    return pseudonymizer.maskPhoneNumbers(payloadText);
  }
}
