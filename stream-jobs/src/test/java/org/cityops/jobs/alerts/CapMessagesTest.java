package org.cityops.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.cityops.embedded.SharedData;
import org.cityops.events.Area;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.CapXml;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CAP message validated against OASIS' own CAP 1.2 schema, plus the rules the schema cannot
 * check (offsets instead of Z, closed polygons, references that name earlier messages).
 */
class CapMessagesTest {
  private static Schema cap;
  private static final AlertConfig CONFIG = AlertConfig.from(new Settings(java.util.Map.of()));
  private static final Instant OPENED = Instant.parse("2019-02-07T00:15:00Z");

  @BeforeAll
  static void loadSchema() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    cap = factory.newSchema(SharedData.root().resolve("standards/CAP-v1.2.xsd").toFile());
  }

  static void assertValidCap(CapAlert alert) throws Exception {
    alert.validate();
    byte[] xml = CapXml.write(alert);
    var validator = cap.newValidator();
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
    // and the JSON form reads back to the same message
    assertThat(EventJson.mapper().readValue(EventJson.write(alert), CapAlert.class))
        .isEqualTo(alert);
  }

  private static Incident incident(
      Severity severity, long version, Instant at, IncidentStatus status) {
    return new Incident(
        "heavy_rain:barrinha:1549498500",
        IncidentType.HEAVY_RAIN,
        new Area(new GeoPoint(-23.008, -43.299), 3_000, "Barra/Itanhangá"),
        severity,
        status,
        List.of(new Evidence("rain_1h_mm", "barrinha", at, 52.4, "mm")),
        version,
        OPENED,
        at,
        status.isActive() ? null : at);
  }

  @Test
  void anAlertUpdateCancelSequenceIsValidCapAndEachMessageReferencesTheEarlierOnes()
      throws Exception {
    List<String> references = new ArrayList<>();
    List<CapAlert> sent = new ArrayList<>();
    Incident[] versions = {
      incident(Severity.MODERATE, 1, OPENED, IncidentStatus.ACTIVE_UNACK),
      incident(
          Severity.SEVERE, 2, OPENED.plus(Duration.ofMinutes(15)), IncidentStatus.ACTIVE_UNACK),
      incident(Severity.SEVERE, 3, OPENED.plus(Duration.ofHours(3)), IncidentStatus.CLEARED_UNACK)
    };
    MsgType[] types = {MsgType.Alert, MsgType.Update, MsgType.Cancel};
    for (int i = 0; i < versions.length; i++) {
      CapAlert alert = CapMessages.message(versions[i], types[i], List.copyOf(references), CONFIG);
      assertValidCap(alert);
      references.add(alert.asReference());
      sent.add(alert);
    }
    assertThat(sent).extracting(CapAlert::msgType).containsExactly(types);
    assertThat(sent.get(0).references()).isEmpty();
    assertThat(sent.get(2).references())
        .containsExactly(sent.get(0).asReference(), sent.get(1).asReference());
    // Rio's offset, from the event time: 22:15 local (summer time) on 6 February 2019
    assertThat(sent.get(0).sent()).isEqualTo("2019-02-06T22:15:00-02:00");
    assertThat(sent.get(1).info().get(0).urgency()).isEqualTo(CapAlert.Urgency.Immediate);
    assertThat(sent.get(2).info().get(0).responseType())
        .containsExactly(CapAlert.ResponseType.AllClear);
    assertThat(sent.get(2).info().get(0).area().get(0).circle())
        .containsExactly("-23.00800,-43.29900 3.000");
    String xml = CapXml.writeString(sent.get(1));
    assertThat(xml)
        .contains("<msgType>Update</msgType>")
        .contains("<severity>Severe</severity>")
        .contains("<certainty>Observed</certainty>")
        .contains("<incidents>heavy_rain:barrinha:1549498500</incidents>")
        .contains("<areaDesc>Barra/Itanhangá</areaDesc>");
  }

  @Test
  void theSameIncidentVersionGivesTheSameBytes() {
    Incident v = incident(Severity.SEVERE, 2, OPENED, IncidentStatus.ACTIVE_ACK);
    assertThat(CapXml.write(CapMessages.message(v, MsgType.Alert, List.of(), CONFIG)))
        .isEqualTo(CapXml.write(CapMessages.message(v, MsgType.Alert, List.of(), CONFIG)));
    assertThat(EventJson.write(CapMessages.message(v, MsgType.Alert, List.of(), CONFIG)))
        .isEqualTo(EventJson.write(CapMessages.message(v, MsgType.Alert, List.of(), CONFIG)));
  }

  @Test
  void hostileTextInAZoneNameIsEscapedAndStillValid() throws Exception {
    Incident base = incident(Severity.MINOR, 1, OPENED, IncidentStatus.ACTIVE_UNACK);
    Incident hostile =
        new Incident(
            base.incidentId(),
            base.type(),
            new Area(base.area().center(), 500, "</areaDesc><script>&amp;\"'"),
            base.severity(),
            base.status(),
            base.evidence(),
            1,
            OPENED,
            OPENED,
            null);
    CapAlert alert = CapMessages.message(hostile, MsgType.Alert, List.of(), CONFIG);
    assertValidCap(alert);
    assertThat(CapXml.writeString(alert))
        .contains("<areaDesc>&lt;/areaDesc&gt;&lt;script&gt;&amp;amp;");
  }

  @Test
  void utcIsWrittenAsMinusZeroAndNeverAsZ() {
    assertThat(CapAlert.capTime(OPENED, ZoneId.of("UTC"))).isEqualTo("2019-02-07T00:15:00-00:00");
    assertThat(
            CapAlert.capTime(
                Instant.parse("2026-11-28T12:00:00.750Z"), ZoneId.of("America/Sao_Paulo")))
        .isEqualTo("2026-11-28T09:00:00-03:00");
  }

  @Test
  void whatTheSchemaCannotCheckIsRefusedByTheContract() {
    CapAlert good =
        CapMessages.message(
            incident(Severity.MODERATE, 1, OPENED, IncidentStatus.ACTIVE_UNACK),
            MsgType.Alert,
            List.of(),
            CONFIG);
    CapAlert.Info info = good.info().get(0);
    CapAlert.Area open =
        new CapAlert.Area(
            "x", List.of("-22.9,-43.2 -22.9,-43.1 -22.8,-43.1 -22.8,-43.2"), List.of());
    CapAlert.Area tooFew =
        new CapAlert.Area("x", List.of("-22.9,-43.2 -22.9,-43.1 -22.9,-43.2"), List.of());
    CapAlert.Area offEarth = new CapAlert.Area("x", List.of(), List.of("-95.0,-43.2 1.0"));
    assertThatThrownBy(() -> withArea(good, info, open).validate())
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> withArea(good, info, tooFew).validate())
        .hasMessageContaining("at least 4");
    assertThatThrownBy(() -> withArea(good, info, offEarth).validate())
        .hasMessageContaining("WGS 84");
    assertThatThrownBy(
            () ->
                new CapAlert(
                        good.identifier(),
                        good.sender(),
                        "2019-02-07T00:15:00Z",
                        good.status(),
                        good.msgType(),
                        good.scope(),
                        List.of(),
                        good.incidentId(),
                        1,
                        good.hazard(),
                        good.info())
                    .validate())
        .hasMessageContaining("never Z");
    assertThatThrownBy(
            () ->
                new CapAlert(
                        "a,b",
                        good.sender(),
                        good.sent(),
                        good.status(),
                        good.msgType(),
                        good.scope(),
                        List.of(),
                        good.incidentId(),
                        1,
                        good.hazard(),
                        good.info())
                    .validate())
        .hasMessageContaining("identifier");
    assertThatThrownBy(
            () ->
                new CapAlert(
                        good.identifier(),
                        good.sender(),
                        good.sent(),
                        good.status(),
                        MsgType.Update,
                        good.scope(),
                        List.of(),
                        good.incidentId(),
                        2,
                        good.hazard(),
                        good.info())
                    .validate())
        .hasMessageContaining("must reference");
  }

  private static CapAlert withArea(CapAlert a, CapAlert.Info i, CapAlert.Area area) {
    CapAlert.Info info =
        new CapAlert.Info(
            i.language(),
            i.category(),
            i.event(),
            i.responseType(),
            i.urgency(),
            i.severity(),
            i.certainty(),
            i.onset(),
            i.expires(),
            i.senderName(),
            i.headline(),
            i.description(),
            i.instruction(),
            List.of(area));
    return new CapAlert(
        a.identifier(),
        a.sender(),
        a.sent(),
        a.status(),
        a.msgType(),
        a.scope(),
        a.references(),
        a.incidentId(),
        a.incidentVersion(),
        a.hazard(),
        List.of(info));
  }

  @Test
  void reportsAloneAreNotCorroboratedAndMaintenanceNeverWarns() {
    Incident reportsOnly =
        new Incident(
            "urban_flooding:cell:1",
            IncidentType.URBAN_FLOODING,
            new Area(new GeoPoint(-22.9, -43.2), 500, null),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(
                new Evidence("reporters", "urban_flooding:cell:1", OPENED, 3, null),
                new Evidence("confidence", "urban_flooding:cell:1", OPENED, 0.5, null)),
            1,
            OPENED,
            OPENED,
            null);
    assertThat(CapMessages.sensorCorroborated(reportsOnly)).isFalse();
    assertThat(CapMessages.certainty(reportsOnly)).isEqualTo(CapAlert.Certainty.Possible);
    // naming the rule that judged them makes reports no sensor's (it once did: a crowd of fake
    // reports would have warned residents without a person's confirmation)
    Incident judged =
        new Incident(
            reportsOnly.incidentId(),
            reportsOnly.type(),
            reportsOnly.area(),
            reportsOnly.severity(),
            reportsOnly.status(),
            List.of(
                reportsOnly.evidence().get(0),
                reportsOnly.evidence().get(1),
                org.cityops.jobs.rain.RuleVersions.evidence("urban-flooding", 2, OPENED)),
            1,
            OPENED,
            OPENED,
            null);
    assertThat(CapMessages.sensorCorroborated(judged)).isFalse();
    // and residents, who read the warning's description, are not told of rule versions
    assertThat(CapMessages.description(judged))
        .isEqualTo("reporters 3.0 (urban_flooding:cell:1); confidence 0.5 (urban_flooding:cell:1)");
    assertThat(
            CapMessages.sensorCorroborated(
                incident(Severity.SEVERE, 1, OPENED, IncidentStatus.ACTIVE_UNACK)))
        .isTrue();
    assertThat(CapMessages.affectsPublic(IncidentType.SENSOR_MAINTENANCE)).isFalse();
    assertThat(CapMessages.affectsPublic(IncidentType.LANDSLIDE_RISK)).isTrue();
  }
}
