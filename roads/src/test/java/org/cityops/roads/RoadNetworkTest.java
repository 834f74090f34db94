package org.cityops.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;

class RoadNetworkTest {

  @Test
  void gridHasBothDirectionsOfEveryStretchAndBlocksOfTheAskedLength() {
    RoadNetwork grid = SyntheticRoads.grid(3, 4, 1200, 4, 7);
    // avenues: 3 roads x 3 blocks x 4 stretches; streets: 4 roads x 2 blocks x 4 stretches
    int stretches = 3 * 3 * 4 + 4 * 2 * 4;
    assertThat(grid.segments()).hasSize(2 * stretches);
    for (Segment s : grid.segments()) {
      assertThat(s.lengthM()).isCloseTo(300, org.assertj.core.data.Offset.offset(1.0));
    }
    assertThat(grid.roads()).extracting(Road::name).contains("Avenida 1", "Rua 4");
  }

  @Test
  void osmXmlRoundTripKeepsNodesWaysLanesAndLimits() throws Exception {
    RoadNetwork grid = SyntheticRoads.grid(2, 3, 900, 3, 11);
    StringWriter xml = new StringWriter();
    OsmXml.write(grid, xml);
    RoadNetwork back = read(xml.toString());
    assertThat(back.nodes()).isEqualTo(grid.nodes());
    assertThat(back.roads()).containsExactlyInAnyOrderElementsOf(grid.roads());
    assertThat(back.segments()).hasSameSizeAs(grid.segments());
  }

  @Test
  void realOsmQuirksAreRead() throws Exception {
    String osm =
        """
        <osm version="0.6">
          <node id="1" lat="-22.90" lon="-43.20"/>
          <node id="2" lat="-22.90" lon="-43.19"/>
          <node id="3" lat="-22.90" lon="-43.18"/>
          <node id="4" lat="-22.91" lon="-43.18"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="99"/>
            <tag k="highway" v="primary"/><tag k="maxspeed" v="40 mph"/><tag k="lanes" v="4"/></way>
          <way id="11"><nd ref="3"/><nd ref="2"/>
            <tag k="highway" v="secondary"/><tag k="oneway" v="-1"/><tag k="maxspeed" v="fast"/></way>
          <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
          <way id="13"><nd ref="98"/><nd ref="4"/><tag k="highway" v="primary"/></way>
        </osm>
        """;
    RoadNetwork n = read(osm);
    // the footway is not for cars; way 13 lost its node outside the extract
    assertThat(n.roads()).extracting(Road::wayId).containsExactly(10L, 11L);
    Road primary = n.roads().get(0);
    assertThat(primary.nodes()).containsExactly(1L, 2L);
    assertThat(primary.lanes()).isEqualTo(2);
    assertThat(primary.maxSpeedKmh()).isCloseTo(64.37, org.assertj.core.data.Offset.offset(0.01));
    Road reversed = n.roads().get(1);
    assertThat(reversed.oneway()).isTrue();
    assertThat(reversed.nodes()).containsExactly(2L, 3L);
    assertThat(reversed.maxSpeedKmh()).isEqualTo(50.0);
    assertThat(n.segment("11:3-2")).isNull();
    // way 10 ends at node 2 and way 11 carries straight on east
    assertThat(n.next(n.segment("10:1-2")).id()).isEqualTo("11:2-3");
    assertThat(n.next(n.segment("11:2-3"))).isNull();
  }

  @Test
  void aSharpTurnAtAWaysEndDoesNotContinueTheRoad() {
    Map<Long, GeoPoint> nodes =
        Map.of(
            1L, new GeoPoint(-22.90, -43.20),
            2L, new GeoPoint(-22.90, -43.19),
            3L, new GeoPoint(-22.91, -43.19));
    RoadNetwork n =
        new RoadNetwork(
            nodes,
            List.of(
                new Road(1, "A", "primary", List.of(1L, 2L), 1, 50, true),
                new Road(2, "B", "primary", List.of(2L, 3L), 1, 50, true)));
    assertThat(n.next(n.segment("1:1-2"))).isNull();
  }

  @Test
  void brokenFilesAreRefusedWithFileAndLine() {
    assertThatThrownBy(() -> read("<osm><node id=\"1\" lat=\"x\" lon=\"1\"/></osm>"))
        .isInstanceOf(OsmFormatException.class)
        .hasMessageContaining("test.osm line 1")
        .hasMessageContaining("lat=x");
    assertThatThrownBy(() -> read("<osm>\n<node id=\"1\" lat=\"95\" lon=\"1\"/></osm>"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> read("<osm><way id=\"abc\"></way></osm>"))
        .hasMessageContaining("numeric id, found abc");
    assertThatThrownBy(() -> read("<osm><node id=\"1\""))
        .isInstanceOf(OsmFormatException.class)
        .hasMessageContaining("not well-formed");
  }

  @Test
  void externalEntitiesAreNeverFetched() {
    String hostile =
        """
        <?xml version="1.0"?>
        <!DOCTYPE osm [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <osm><way id="1"><tag k="name" v="&x;"/></way></osm>
        """;
    assertThatThrownBy(() -> read(hostile)).isInstanceOf(OsmFormatException.class);
  }

  private static RoadNetwork read(String xml) throws Exception {
    return OsmXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.osm");
  }
}
