package org.cityops.roads;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Map<String, Double> DEFAULT_SPEED_KMH =
      Map.ofEntries(
          Map.entry("motorway", 100.0),
          Map.entry("trunk", 80.0),
          Map.entry("primary", 60.0),
          Map.entry("secondary", 50.0),
          Map.entry("tertiary", 40.0),
          Map.entry("unclassified", 30.0),
          Map.entry("residential", 30.0),
          Map.entry("motorway_link", 60.0),
          Map.entry("trunk_link", 50.0),
          Map.entry("primary_link", 40.0),
          Map.entry("secondary_link", 40.0),
          Map.entry("tertiary_link", 30.0),
          Map.entry("living_street", 10.0),
          Map.entry("service", 20.0));
  private static final Set<String> ONEWAY_BY_DEFAULT = Set.of("motorway", "motorway_link");
  private static final Pattern SPEED = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(mph|km/h)?\\s*");

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
    Map<Long, GeoPoint> used = new LinkedHashMap<>();
    List<Road> roads = new ArrayList<>();
    for (RawWay w : ways) {
      String highway = w.tags.get("highway");
      if (highway == null || !DEFAULT_SPEED_KMH.containsKey(highway)) {
        continue;
      }
      List<Long> refs = w.refs.stream().filter(allNodes::containsKey).toList();
      if (refs.size() < 2) {
        continue;
      }
      String onewayTag = w.tags.getOrDefault("oneway", "");
      boolean reversed = onewayTag.equals("-1");
      boolean oneway =
          reversed
              || onewayTag.equals("yes")
              || onewayTag.equals("true")
              || onewayTag.equals("1")
              || (onewayTag.isEmpty() && ONEWAY_BY_DEFAULT.contains(highway))
              || "roundabout".equals(w.tags.get("junction"));
      if (reversed) {
        refs = new ArrayList<>(refs);
        java.util.Collections.reverse(refs);
      }
      int totalLanes = lanes(w.tags.get("lanes"), oneway ? 1 : 2);
      int lanesPerDirection = oneway ? totalLanes : Math.max(1, totalLanes / 2);
      double speed = speedKmh(w.tags.get("maxspeed"), DEFAULT_SPEED_KMH.get(highway));
      roads.add(
          new Road(w.id, w.tags.get("name"), highway, refs, lanesPerDirection, speed, oneway));
      refs.forEach(id -> used.put(id, allNodes.get(id)));
    }
    return new RoadNetwork(used, roads);
  }

  private static int lanes(String tag, int fallback) {
    if (tag == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(tag.trim());
      return n >= 1 && n <= 16 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static double speedKmh(String tag, double fallback) {
    if (tag == null) {
      return fallback;
    }
    Matcher m = SPEED.matcher(tag);
    if (!m.matches()) {
      return fallback;
    }
    double value = Double.parseDouble(m.group(1));
    if ("mph".equals(m.group(2))) {
      value *= 1.609344;
    }
    return value > 0 && value <= 200 ? value : fallback;
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
