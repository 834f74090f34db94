package org.cityops.jobs.fanout;

import java.util.LinkedHashSet;
import java.util.Set;
import org.cityops.events.CapAlert;

/** Routes each CAP message to the cells of its area (keyed by incident). */
public final class AlertRouting extends CellRouting<CapAlert, AlertInCell> {
  @Override
  protected Set<String> cellsOf(CapAlert alert) {
    WarningArea area = WarningArea.of(alert);
    return new LinkedHashSet<>(cover.cells(area.center(), area.radiusM()));
  }

  @Override
  protected boolean ends(CapAlert alert) {
    return alert.msgType() == CapAlert.MsgType.Cancel;
  }

  @Override
  protected AlertInCell toCell(String cell, CapAlert alert, boolean stillCovered) {
    return new AlertInCell(cell, alert, stillCovered);
  }
}
