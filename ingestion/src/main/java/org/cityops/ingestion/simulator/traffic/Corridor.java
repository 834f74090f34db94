package org.cityops.ingestion.simulator.traffic;

import java.util.ArrayList;
import java.util.List;
import org.cityops.roads.Segment;

/**
 * One road in one direction of travel, run as a cell transmission model (Daganzo, 1994): the road
 * is cut into cells no shorter than free-flow travel in one time step; each step a cell sends what
 * it holds up to its capacity, and the next cell takes what fits before it jams. A cell whose
 * capacity drops (lanes blocked) lets less through: a queue grows behind it and propagates upstream
 * at the backward wave speed, and the road beyond it thins out.
 *
 * <p>Fundamental diagram per lane, triangular: capacity {@value #CAPACITY_PER_LANE_PER_S} vehicles
 * per second (1,800 per hour), jam density {@value #JAM_PER_LANE_PER_M} vehicles per metre (150 per
 * km); free-flow speed from the road. Vehicles enter at the start from a queue fed by the demand,
 * and leave at the end up to the exit's capacity.
 */
final class Corridor {
  static final double CAPACITY_PER_LANE_PER_S = 0.5;
  static final double JAM_PER_LANE_PER_M = 0.15;

  final List<Segment> segments;
  final double demandFactor;
  final boolean exitBottleneck;
  private final double[] lengthM;
  private final double[] freeFlowMs;
  private final double[] waveMs;
  private final int[] lanes;
  private final double[] capacityShare;
  private final double[] vehicles;
  private final double[] outflow;
  private final double[] speedMs;
  private final int[] firstCellOfSegment;
  private double entranceQueue;
  private double lastArrivals;

  Corridor(List<Segment> segments, double stepS, double demandFactor, boolean exitBottleneck) {
    this.segments = List.copyOf(segments);
    this.demandFactor = demandFactor;
    this.exitBottleneck = exitBottleneck;
    List<double[]> cells = new ArrayList<>();
    firstCellOfSegment = new int[segments.size()];
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      double vf = seg.maxSpeedKmh() / 3.6;
      int n = Math.max(1, (int) Math.floor(seg.lengthM() / (vf * stepS)));
      if (seg.lengthM() / n < vf * stepS) {
        throw new IllegalArgumentException(
            "segment "
                + seg.id()
                + " is shorter than one step of free-flow travel; use a shorter step");
      }
      firstCellOfSegment[s] = cells.size();
      for (int i = 0; i < n; i++) {
        cells.add(new double[] {seg.lengthM() / n, vf, seg.lanes()});
      }
    }
    int n = cells.size();
    lengthM = new double[n];
    freeFlowMs = new double[n];
    waveMs = new double[n];
    lanes = new int[n];
    capacityShare = new double[n];
    vehicles = new double[n];
    outflow = new double[n];
    speedMs = new double[n];
    for (int i = 0; i < n; i++) {
      lengthM[i] = cells.get(i)[0];
      freeFlowMs[i] = cells.get(i)[1];
      lanes[i] = (int) cells.get(i)[2];
      double criticalDensity = CAPACITY_PER_LANE_PER_S / freeFlowMs[i];
      waveMs[i] = CAPACITY_PER_LANE_PER_S / (JAM_PER_LANE_PER_M - criticalDensity);
      capacityShare[i] = 1;
    }
  }

  int cells() {
    return lengthM.length;
  }

  /**
   * The cell holding a point {@code fraction} of the way along the corridor's segment {@code s}.
   */
  int cellAt(int segmentIndex, double fraction) {
    int first = firstCellOfSegment[segmentIndex];
    int next = segmentIndex + 1 < segments.size() ? firstCellOfSegment[segmentIndex + 1] : cells();
    int n = next - first;
    return first + Math.min(n - 1, (int) Math.floor(fraction * n));
  }

  /** The middle of {@code cell}, on its segment's straight line. */
  org.cityops.events.GeoPoint pointOf(int cell) {
    int s = segmentOfCell(cell);
    int first = firstCellOfSegment[s];
    int next = s + 1 < segments.size() ? firstCellOfSegment[s + 1] : cells();
    return segments.get(s).pointAt((cell - first + 0.5) / (next - first));
  }

  int segmentOfCell(int cell) {
    for (int s = segments.size() - 1; s >= 0; s--) {
      if (firstCellOfSegment[s] <= cell) {
        return s;
      }
    }
    throw new IllegalArgumentException("no cell " + cell);
  }

  int lanesAt(int cell) {
    return lanes[cell];
  }

  double freeFlowKmh(int cell) {
    return freeFlowMs[cell] * 3.6;
  }

  void setCapacityShare(int cell, double share) {
    capacityShare[cell] = share;
  }

  /** Vehicles per second the corridor's first cell can carry. */
  double entranceCapacity() {
    return lanes[0] * CAPACITY_PER_LANE_PER_S;
  }

  /** Adds vehicles arriving at the entrance. */
  void arrive(double count) {
    entranceQueue += count;
    lastArrivals = count;
  }

  /** Vehicles that arrived at the entrance in the last step. */
  double lastArrivals() {
    return lastArrivals;
  }

  /** One time step; {@code exitShare} is the share of the last cell's capacity the exit takes. */
  void step(double stepS, double exitShare) {
    int n = cells();
    double[] send = new double[n];
    double[] receive = new double[n];
    for (int i = 0; i < n; i++) {
      double capacity = lanes[i] * CAPACITY_PER_LANE_PER_S * capacityShare[i];
      double density = vehicles[i] / lengthM[i];
      double jam = lanes[i] * JAM_PER_LANE_PER_M;
      send[i] = Math.min(freeFlowMs[i] * density, capacity) * stepS;
      receive[i] = Math.max(0, Math.min(capacity, waveMs[i] * (jam - density)) * stepS);
    }
    double in = Math.min(entranceQueue, receive[0]);
    for (int i = 0; i < n; i++) {
      outflow[i] =
          i + 1 < n
              ? Math.min(send[i], receive[i + 1])
              : Math.min(send[i], lanes[i] * CAPACITY_PER_LANE_PER_S * exitShare * stepS);
    }
    for (int i = 0; i < n; i++) {
      // the speed of the vehicles that left: flow over the density they left from
      speedMs[i] =
          vehicles[i] > 1e-9
              ? Math.min(freeFlowMs[i], outflow[i] / stepS / (vehicles[i] / lengthM[i]))
              : freeFlowMs[i];
    }
    entranceQueue -= in;
    vehicles[0] += in - outflow[0];
    for (int i = 1; i < n; i++) {
      vehicles[i] += outflow[i - 1] - outflow[i];
    }
  }

  /** Vehicles that left {@code cell} in the last step. */
  double outflow(int cell) {
    return outflow[cell];
  }

  /** The density per lane above which {@code cell} is congested (capacity over free-flow speed). */
  double criticalDensityPerLane(int cell) {
    return CAPACITY_PER_LANE_PER_S / freeFlowMs[cell];
  }

  /** Speed in m/s of the vehicles that left {@code cell} in the last step. */
  double speedMs(int cell) {
    return speedMs[cell];
  }

  /** Vehicles per metre per lane in {@code cell} now. */
  double densityPerLane(int cell) {
    return vehicles[cell] / lengthM[cell] / lanes[cell];
  }
}
