package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cityops.backtest.rules.GaugePicture;
import org.cityops.backtest.rules.RuleSetDiff;
import org.cityops.events.IncidentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The backtest's picture of Barrinha in February 2019, read back as the XML it is. */
class GaugePictureTest {
  @RegisterExtension
  static final org.apache.flink.test.junit5.MiniClusterExtension FLINK = February2019.miniCluster();

  @Test
  void barrinhasPictureShowsItsRainTheThresholdsAndEachOfItsIncidents() throws Exception {
    Backtest.Result result = February2019.backtest();
    List<RuleSetDiff.Summary> summaries = RuleSetDiff.summaries(result.detections());
    String svg =
        GaugePicture.svg("barrinha", result.sums(), summaries, February2019.config().thresholds());

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element line = (Element) doc.getElementsByTagName("polyline").item(0);
    long barrinhaSums = result.sums().stream().filter(s -> s.gaugeId().equals("barrinha")).count();
    assertThat(Long.parseLong(line.getAttribute("data-count"))).isEqualTo(barrinhaSums);
    assertThat(line.getAttribute("points").split(" ")).hasSize((int) barrinhaSums);
    // the storm's hour, as Alerta Rio published it
    assertThat(byClass(doc, "text", "peak"))
        .singleElement()
        .extracting(Element::getTextContent)
        .isEqualTo("91.2 mm");
    assertThat(byClass(doc, "line", "threshold"))
        .extracting(e -> e.getAttribute("data-mm"))
        .containsExactly("5.0", "25.1", "50.0", "40.0");
    List<String> expected =
        summaries.stream()
            .filter(s -> s.place().equals("barrinha"))
            .filter(
                s -> s.type() == IncidentType.HEAVY_RAIN || s.type() == IncidentType.SIREN_LEVEL)
            .map(RuleSetDiff.Summary::incidentId)
            .toList();
    assertThat(expected).isNotEmpty();
    assertThat(byClass(doc, "rect", "incident"))
        .extracting(e -> e.getAttribute("data-incident"))
        .containsExactlyElementsOf(expected);
  }

  private static List<Element> byClass(Document doc, String tag, String cls) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (cls.equals(e.getAttribute("class"))) {
        out.add(e);
      }
    }
    return out;
  }
}
