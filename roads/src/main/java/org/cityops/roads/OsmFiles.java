package org.cityops.roads;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a city's roads from an OSM file, XML ({@code .osm}) or PBF ({@code .pbf}). */
public final class OsmFiles {
  private OsmFiles() {}

  public static RoadNetwork read(Path file) throws IOException {
    return file.getFileName().toString().endsWith(".pbf") ? OsmPbf.read(file) : OsmXml.read(file);
  }
}
