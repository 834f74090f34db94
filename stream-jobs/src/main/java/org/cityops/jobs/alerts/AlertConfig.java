package org.cityops.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import org.cityops.events.CapAlert;
import org.cityops.events.Severity;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;

/**
 * How public warnings are issued.
 *
 * @param sender the CAP sender id of the city's operations center
 * @param senderName its name as residents read it
 * @param status Actual in production; Exercise or Test for drills (residents' apps show them so)
 * @param zone the city's time zone; CAP times carry its offset
 * @param language the language of the warnings' text (CAP's {@code language}, RFC 3066)
 * @param approvalFrom warnings at or above this severity wait for a supervisor's approval
 * @param approvalEscalateAfter a warning still waiting this long is escalated, not forgotten
 */
public record AlertConfig(
    String sender,
    String senderName,
    CapAlert.Status status,
    ZoneId zone,
    String language,
    Severity approvalFrom,
    Duration approvalEscalateAfter)
    implements Serializable {

  public AlertConfig {
    if (sender == null || !sender.matches("[^\\s,<&]{1,200}")) {
      throw new ConfigException(
          "alerts.sender", "must be 1-200 characters without spaces, commas, < or &");
    }
    if (status != CapAlert.Status.Actual
        && status != CapAlert.Status.Exercise
        && status != CapAlert.Status.Test) {
      throw new ConfigException("alerts.status", "must be ACTUAL, EXERCISE or TEST");
    }
  }

  public static AlertConfig from(Settings s) {
    String zone = s.text("alerts.time-zone", "America/Sao_Paulo");
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("alerts.time-zone", "is not a time zone id: '" + zone + "'");
    }
    return new AlertConfig(
        s.text("alerts.sender", "cor.rio"),
        s.text("alerts.sender-name", "Centro de Operações Rio"),
        s.choice("alerts.status", CapAlert.Status.class, CapAlert.Status.Actual),
        zoneId,
        s.text("alerts.language", "pt-BR"),
        s.choice("alerts.approval-from", Severity.class, Severity.SEVERE),
        s.duration(
            "alerts.approval-escalate-after",
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            Duration.ofHours(6)));
  }
}
