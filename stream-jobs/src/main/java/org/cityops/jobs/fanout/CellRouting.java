package org.cityops.jobs.fanout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each version of a keyed thing (a warning keyed by incident, a subscription keyed by
 * resident) to the H3 cells it touches now and to the cells it touched before but no longer does,
 * so those cells can forget it. Remembers the last cells per key; forgets them when the thing ends
 * (a Cancel, an unsubscription).
 *
 * @param <T> the thing routed
 * @param <R> what a cell receives
 */
public abstract class CellRouting<T, R> extends KeyedProcessFunction<String, T, R> {
  protected final CellCover cover = new CellCover();
  private transient ValueState<String> lastCells;

  @Override
  public void open(OpenContext openContext) {
    lastCells =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-cells", String.class));
  }

  /** The cells the thing touches now (empty when it ended). */
  protected abstract Set<String> cellsOf(T thing);

  /** Whether this version ends the thing (its cells are then forgotten). */
  protected abstract boolean ends(T thing);

  /** What the cell receives; {@code stillCovered} is false for a cell the thing left. */
  protected abstract R toCell(String cell, T thing, boolean stillCovered);

  @Override
  public void processElement(T thing, Context ctx, Collector<R> out) throws Exception {
    Set<String> now = new LinkedHashSet<>(ends(thing) ? Set.of() : cellsOf(thing));
    String before = lastCells.value();
    Set<String> all = new LinkedHashSet<>(now);
    if (before != null) {
      for (String c : before.split(",")) {
        all.add(c);
      }
    }
    if (ends(thing)) {
      all.addAll(cellsOf(thing));
    }
    for (String cell : all) {
      out.collect(toCell(cell, thing, now.contains(cell)));
    }
    if (now.isEmpty()) {
      lastCells.clear();
    } else {
      lastCells.update(String.join(",", new ArrayList<>(now)));
    }
  }
}
