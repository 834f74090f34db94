package org.cityops.roads;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cityops.events.GeoPoint;
import org.openstreetmap.osmosis.osmbinary.BinaryParser;
import org.openstreetmap.osmosis.osmbinary.Osmformat;
import org.openstreetmap.osmosis.osmbinary.file.BlockInputStream;
import org.openstreetmap.osmosis.osmbinary.file.BlockOutputStream;
import org.openstreetmap.osmosis.osmbinary.file.FileBlock;

/**
 * Reads (and writes) the drivable part of an OpenStreetMap PBF file (the {@code .osm.pbf} extracts
 * cities download), with the format's reference decoder (osmosis-osm-binary, which GraphHopper uses
 * too): the same roads {@link OsmXml} reads from XML, by the same rules ({@code OsmRoads}).
 */
public final class OsmPbf {
  private OsmPbf() {}

  public static RoadNetwork read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * @param source names the file in error messages
   * @throws OsmFormatException when it is not a PBF file this reader understands
   */
  public static RoadNetwork read(InputStream in, String source) throws IOException {
    Collector collector = new Collector();
    try {
      new BlockInputStream(in, collector).process();
    } catch (RuntimeException | IOException e) {
      throw new OsmFormatException(source + ": not a readable OSM PBF file: " + e.getMessage(), e);
    }
    return OsmRoads.build(collector.nodes, collector.ways);
  }

  /**
   * Writes {@code network} as OSM PBF with the format's reference encoder: a header block, then one
   * block of dense nodes and ways (delta-coded, granularity 100 nanodegrees).
   */
  public static void write(RoadNetwork network, Path file) throws IOException {
    List<String> strings = new ArrayList<>(List.of(""));
    Map<String, Integer> index = new HashMap<>();
    java.util.function.Function<String, Integer> s =
        text ->
            index.computeIfAbsent(
                text,
                k -> {
                  strings.add(k);
                  return strings.size() - 1;
                });
    Osmformat.DenseNodes.Builder dense = Osmformat.DenseNodes.newBuilder();
    long lastId = 0;
    long lastLat = 0;
    long lastLon = 0;
    for (Map.Entry<Long, GeoPoint> n : new java.util.TreeMap<>(network.nodes()).entrySet()) {
      long lat = Math.round(n.getValue().lat() * 1e7);
      long lon = Math.round(n.getValue().lon() * 1e7);
      dense.addId(n.getKey() - lastId).addLat(lat - lastLat).addLon(lon - lastLon);
      lastId = n.getKey();
      lastLat = lat;
      lastLon = lon;
    }
    Osmformat.PrimitiveGroup.Builder wayGroup = Osmformat.PrimitiveGroup.newBuilder();
    for (Road road : network.roads()) {
      Osmformat.Way.Builder way = Osmformat.Way.newBuilder().setId(road.wayId());
      Map<String, String> tags = new java.util.LinkedHashMap<>();
      tags.put("highway", road.highway());
      tags.put("name", road.name());
      tags.put("lanes", Integer.toString(road.oneway() ? road.lanes() : road.lanes() * 2));
      tags.put("maxspeed", Long.toString(Math.round(road.maxSpeedKmh())));
      tags.put("oneway", road.oneway() ? "yes" : "no");
      tags.forEach((k, v) -> way.addKeys(s.apply(k)).addVals(s.apply(v)));
      long last = 0;
      for (long ref : road.nodes()) {
        way.addRefs(ref - last);
        last = ref;
      }
      wayGroup.addWays(way);
    }
    Osmformat.StringTable.Builder table = Osmformat.StringTable.newBuilder();
    strings.forEach(t -> table.addS(ByteString.copyFrom(t, StandardCharsets.UTF_8)));
    Osmformat.PrimitiveBlock block =
        Osmformat.PrimitiveBlock.newBuilder()
            .setStringtable(table)
            .addPrimitivegroup(Osmformat.PrimitiveGroup.newBuilder().setDense(dense))
            .addPrimitivegroup(wayGroup)
            .build();
    Osmformat.HeaderBlock header =
        Osmformat.HeaderBlock.newBuilder()
            .addRequiredFeatures("OsmSchema-V0.6")
            .addRequiredFeatures("DenseNodes")
            .setWritingprogram("cityops-test")
            .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      BlockOutputStream blocks = new BlockOutputStream(out);
      blocks.write(FileBlock.newInstance("OSMHeader", header.toByteString(), null));
      blocks.write(FileBlock.newInstance("OSMData", block.toByteString(), null));
      blocks.flush();
    }
  }

  /** Gathers nodes and ways block by block. */
  private static final class Collector extends BinaryParser {
    final Map<Long, GeoPoint> nodes = new HashMap<>();
    final List<OsmRoads.Way> ways = new ArrayList<>();

    @Override
    protected void parseDense(Osmformat.DenseNodes dense) {
      long id = 0;
      long lat = 0;
      long lon = 0;
      for (int i = 0; i < dense.getIdCount(); i++) {
        id += dense.getId(i);
        lat += dense.getLat(i);
        lon += dense.getLon(i);
        nodes.put(id, new GeoPoint(parseLat(lat), parseLon(lon)));
      }
    }

    @Override
    protected void parseNodes(List<Osmformat.Node> list) {
      for (Osmformat.Node n : list) {
        nodes.put(n.getId(), new GeoPoint(parseLat(n.getLat()), parseLon(n.getLon())));
      }
    }

    @Override
    protected void parseWays(List<Osmformat.Way> list) {
      for (Osmformat.Way w : list) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < w.getKeysCount(); i++) {
          tags.put(getStringById(w.getKeys(i)), getStringById(w.getVals(i)));
        }
        List<Long> refs = new ArrayList<>();
        long ref = 0;
        for (int i = 0; i < w.getRefsCount(); i++) {
          ref += w.getRefs(i);
          refs.add(ref);
        }
        ways.add(new OsmRoads.Way(w.getId(), refs, tags));
      }
    }

    @Override
    protected void parseRelations(List<Osmformat.Relation> list) {
      // turn restrictions and routes: not needed for detectors and their pairs
    }

    @Override
    protected void parse(Osmformat.HeaderBlock header) {
      for (String feature : header.getRequiredFeaturesList()) {
        if (!feature.equals("OsmSchema-V0.6") && !feature.equals("DenseNodes")) {
          throw new IllegalStateException("a required feature this reader lacks: " + feature);
        }
      }
    }

    @Override
    public void complete() {}
  }
}
