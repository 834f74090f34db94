package org.cityops.jobs.fanout;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.cityops.events.GeoPoint;

/**
 * The H3 cells (resolution 8, hexagons of about 0.74 km²) a circle touches, so a resident's place
 * and a warning's area meet in the cells they share. Generous on purpose: every cell whose centre
 * lies within the radius plus one cell's circumradius is included, so no touching cell is missed;
 * the exact circle test is done where they meet.
 */
public final class CellCover implements Serializable {
  public static final int RESOLUTION = 8;

  private transient H3Core h3;

  private H3Core h3() {
    if (h3 == null) {
      try {
        h3 = H3Core.newInstance();
      } catch (IOException e) {
        throw new UncheckedIOException("could not load the H3 library", e);
      }
    }
    return h3;
  }

  public String cellOf(GeoPoint p) {
    return h3().latLngToCellAddress(p.lat(), p.lon(), RESOLUTION);
  }

  public List<String> cells(GeoPoint center, double radiusM) {
    double edge = h3().getHexagonEdgeLengthAvg(RESOLUTION, com.uber.h3core.LengthUnit.m);
    int k = (int) Math.ceil(radiusM / (edge * 1.5)) + 1;
    long origin = h3().latLngToCell(center.lat(), center.lon(), RESOLUTION);
    List<String> out = new ArrayList<>();
    for (long cell : h3().gridDisk(origin, k)) {
      var c = h3().cellToLatLng(cell);
      if (center.distanceMetresTo(new GeoPoint(c.lat, c.lng)) <= radiusM + edge * 1.2) {
        out.add(h3().h3ToString(cell));
      }
    }
    return out;
  }
}
