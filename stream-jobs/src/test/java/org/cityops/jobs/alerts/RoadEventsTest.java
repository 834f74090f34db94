package org.cityops.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.events.Area;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RoadEvent;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;

class RoadEventsTest {
  private static final AlertConfig CONFIG = AlertConfig.from(new Settings(Map.of()));
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z"); // 19:00 in Rio
  private static final GeoPoint BANDEIRA = new GeoPoint(-22.9115, -43.213);
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V202012,
              builder ->
                  builder.schemaMappers(
                      mappers ->
                          mappers.mapPrefix("https://cityops.org/schemas/", "classpath:schemas/")))
          .getSchema(
              SchemaLocation.of("https://cityops.org/schemas/road-event.schema.json"),
              SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

  private static Incident version(IncidentType type, long v, Severity s, long minute, boolean on) {
    Instant at = T0.plusSeconds(60 * minute);
    return new Incident(
        type.code() + ":12-7:" + T0.getEpochSecond(),
        type,
        new Area(BANDEIRA, v == 1 ? 500 : 800, null),
        s,
        on ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(new Evidence("rain_1h_mm", "tijuca", at, 44, "mm")),
        v,
        T0,
        at,
        on ? null : at);
  }

  /** The CAP sequence of the versions, as the sequencer sends it. */
  private static List<CapAlert> messages(List<Incident> versions) {
    List<CapAlert> out = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int k = 0; k < versions.size(); k++) {
      Incident i = versions.get(k);
      MsgType type =
          !i.status().isActive() ? MsgType.Cancel : k == 0 ? MsgType.Alert : MsgType.Update;
      CapAlert m = CapMessages.message(i, type, List.copyOf(refs), CONFIG);
      refs.add(m.asReference());
      out.add(m);
    }
    return out;
  }

  @Test
  void aFloodedStreetIsARoadConditionFromItsFirstMessageUntilItsCancelArchivesIt() {
    RoadEvents mapper = new RoadEvents(CONFIG);
    List<RoadEvent> events =
        messages(
                List.of(
                    version(IncidentType.URBAN_FLOODING, 1, Severity.MODERATE, 0, true),
                    version(IncidentType.URBAN_FLOODING, 2, Severity.SEVERE, 20, true),
                    version(IncidentType.URBAN_FLOODING, 3, Severity.SEVERE, 150, false)))
            .stream()
            .map(mapper::of)
            .toList();
    assertThat(events)
        .extracting(
            RoadEvent::id,
            RoadEvent::status,
            RoadEvent::severity,
            RoadEvent::created,
            RoadEvent::updated,
            e -> e.schedule().intervals())
        .containsExactly(
            tuple(
                "cor.rio/urban_flooding.12-7.1549486800",
                "ACTIVE",
                "MODERATE",
                "2019-02-06T19:00:00-02:00",
                "2019-02-06T19:00:00-02:00",
                List.of("2019-02-06T19:00/")),
            tuple(
                "cor.rio/urban_flooding.12-7.1549486800",
                "ACTIVE",
                "MAJOR",
                "2019-02-06T19:00:00-02:00",
                "2019-02-06T19:20:00-02:00",
                List.of("2019-02-06T19:00/")),
            tuple(
                "cor.rio/urban_flooding.12-7.1549486800",
                "ARCHIVED",
                "MAJOR",
                "2019-02-06T19:00:00-02:00",
                "2019-02-06T21:30:00-02:00",
                List.of("2019-02-06T19:00/2019-02-06T21:30")));
    RoadEvent first = events.get(0);
    assertThat(first.eventType()).isEqualTo("ROAD_CONDITION");
    assertThat(first.eventSubtypes()).containsExactly("SURFACE_WATER_HAZARD");
    assertThat(first.certainty()).isEqualTo("OBSERVED");
    assertThat(first.geography().coordinates()).containsExactly(-43.213, -22.9115);
    assertThat(first.radiusM()).isEqualTo(500.0);
    assertThat(events.get(1).radiusM()).isEqualTo(800.0);
    assertThat(first.timezone()).isEqualTo("America/Sao_Paulo");
    for (RoadEvent e : events) {
      assertThat(SCHEMA.validate(EventJson.mapper().valueToTree(e))).as(e.id()).isEmpty();
      assertThat(EventJson.writeString(e)).contains("\"event_type\":\"ROAD_CONDITION\"");
    }
  }

  @Test
  void rainIsAWeatherConditionAndLandslideRiskOrBrokenGaugesAreNoRoadEvents() {
    RoadEvents mapper = new RoadEvents(CONFIG);
    CapAlert rain =
        messages(List.of(version(IncidentType.HEAVY_RAIN, 1, Severity.MODERATE, 0, true))).get(0);
    assertThat(mapper.of(rain))
        .extracting(RoadEvent::eventType, e -> e.eventSubtypes().get(0))
        .containsExactly("WEATHER_CONDITION", "HEAVY_DOWNPOUR");
    CapAlert slope =
        messages(List.of(version(IncidentType.LANDSLIDE_RISK, 1, Severity.SEVERE, 0, true))).get(0);
    assertThat(mapper.of(slope)).isNull();
  }

  @Test
  void theSchemaRefusesWhatOpen511Refuses() {
    RoadEvent good =
        new RoadEvents(CONFIG)
            .of(
                messages(List.of(version(IncidentType.FLOOD_RISK, 1, Severity.MINOR, 0, true)))
                    .get(0));
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().valueToTree(good);
    assertThat(SCHEMA.validate(json)).isEmpty();
    json.put("id", "cor.rio/urban_flooding:12-7"); // ':' is not an Open511 id character
    assertThat(SCHEMA.validate(json)).isNotEmpty();
    json.put("id", good.id()).put("severity", "SEVERE"); // Open511 says MAJOR
    assertThat(SCHEMA.validate(json)).isNotEmpty();
  }
}
