package org.cityops.roads;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.cityops.events.GeoPoint;

/**
 * Reads and writes the drivable part of an OpenStreetMap XML file (the {@code .osm} format that
 * GraphHopper, osmium and JOSM read).
 *
 * <p>Reading keeps ways tagged with a {@code highway} class cars drive on, and the nodes they use.
 * An extract cut at a bounding box has ways that refer to nodes outside it: those references are
 * dropped, and a way left with fewer than two nodes is skipped. Missing {@code lanes} and {@code
 * maxspeed} tags take the usual defaults of the way's class. A file that is not well-formed XML, or
 * a node without coordinates, is refused with the file name and line.
 */
public final class OsmXml {
  private OsmXml() {}

  /** Writes {@code network} as OSM XML 0.6: every node, then every way with its tags. */
  public static void write(RoadNetwork network, Writer out) throws IOException {
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.write("<osm version=\"0.6\" generator=\"cityops\">\n");
    List<Long> ids = new ArrayList<>(network.nodes().keySet());
    ids.sort(null);
    for (long id : ids) {
      GeoPoint p = network.nodes().get(id);
      out.write(
          String.format(
              Locale.ROOT,
              "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n",
              id,
              p.lat(),
              p.lon()));
    }
    for (Road road : network.roads()) {
      out.write("  <way id=\"" + road.wayId() + "\" version=\"1\">\n");
      for (long node : road.nodes()) {
        out.write("    <nd ref=\"" + node + "\"/>\n");
      }
      tag(out, "highway", road.highway());
      if (!road.name().isEmpty()) {
        tag(out, "name", road.name());
      }
      tag(out, "lanes", Integer.toString(road.oneway() ? road.lanes() : road.lanes() * 2));
      tag(out, "maxspeed", String.format(Locale.ROOT, "%.0f", road.maxSpeedKmh()));
      tag(out, "oneway", road.oneway() ? "yes" : "no");
      out.write("  </way>\n");
    }
    out.write("</osm>\n");
  }

  private static void tag(Writer out, String key, String value) throws IOException {
    out.write("    <tag k=\"" + escape(key) + "\" v=\"" + escape(value) + "\"/>\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  public static RoadNetwork read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads the drivable roads of an OSM XML document.
   *
   * @param source names the document in error messages
   * @throws OsmFormatException when the document is not OSM XML this reader understands
   */
  public static RoadNetwork read(InputStream in, String source) throws IOException {
    // the JDK's own reader, whatever else is on the class path, with the settings below
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    // Hostile files: no DTDs, no external entities.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    Map<Long, GeoPoint> allNodes = new HashMap<>();
    List<RawWay> ways = new ArrayList<>();
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(in);
      RawWay way = null;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          switch (xml.getLocalName()) {
            case "node" -> allNodes.put(longAttr(xml, "id", source), point(xml, source));
            case "way" -> way = new RawWay(longAttr(xml, "id", source));
            case "nd" -> {
              if (way != null) {
                way.refs.add(longAttr(xml, "ref", source));
              }
            }
            case "tag" -> {
              if (way != null) {
                way.tags.put(
                    String.valueOf(xml.getAttributeValue(null, "k")),
                    String.valueOf(xml.getAttributeValue(null, "v")));
              }
            }
            default -> {}
          }
        } else if (event == XMLStreamConstants.END_ELEMENT && "way".equals(xml.getLocalName())) {
          ways.add(way);
          way = null;
        }
      }
    } catch (XMLStreamException e) {
      throw new OsmFormatException(source + ": not well-formed OSM XML: " + e.getMessage(), e);
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // closing a reader that already failed
        }
      }
    }
    List<OsmRoads.Way> raw = new ArrayList<>();
    ways.forEach(w -> raw.add(new OsmRoads.Way(w.id, w.refs, w.tags)));
    return OsmRoads.build(allNodes, raw);
  }

  private static long longAttr(XMLStreamReader xml, String name, String source) {
    String value = xml.getAttributeValue(null, name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new OsmFormatException(
          source
              + " line "
              + xml.getLocation().getLineNumber()
              + ": <"
              + xml.getLocalName()
              + "> needs a numeric "
              + name
              + ", found "
              + value,
          e);
    }
  }

  private static GeoPoint point(XMLStreamReader xml, String source) {
    String lat = xml.getAttributeValue(null, "lat");
    String lon = xml.getAttributeValue(null, "lon");
    try {
      GeoPoint p = new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon));
      p.validate("node");
      return p;
    } catch (RuntimeException e) {
      throw new OsmFormatException(
          source
              + " line "
              + xml.getLocation().getLineNumber()
              + ": <node> needs lat and lon within range, found lat="
              + lat
              + " lon="
              + lon,
          e);
    }
  }

  private static final class RawWay {
    final long id;
    final List<Long> refs = new ArrayList<>();
    final Map<String, String> tags = new HashMap<>();

    RawWay(long id) {
      this.id = id;
    }
  }
}
