package org.cityops.jobs.fanout;

import java.util.LinkedHashSet;
import java.util.Set;
import org.cityops.events.Subscription;

/** Routes each version of a resident's subscription to the cells of its places. */
public final class SubscriptionRouting extends CellRouting<Subscription, SubscriptionInCell> {
  @Override
  protected Set<String> cellsOf(Subscription s) {
    Set<String> cells = new LinkedHashSet<>();
    for (Subscription.Place p : s.places()) {
      cells.addAll(cover.cells(p.center(), p.radiusM()));
    }
    return cells;
  }

  @Override
  protected boolean ends(Subscription s) {
    return !s.active();
  }

  @Override
  protected SubscriptionInCell toCell(String cell, Subscription s, boolean stillCovered) {
    return new SubscriptionInCell(cell, s, stillCovered);
  }
}
