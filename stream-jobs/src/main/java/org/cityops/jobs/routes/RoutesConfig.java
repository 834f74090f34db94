package org.cityops.jobs.routes;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.jobs.common.Settings;
import org.cityops.routing.Router;

/**
 * Route advice settings ({@code routes.*}, and the roads of {@link RoadSettings}).
 *
 * @param mode what routes minimise: FASTEST (travel time, the default) or SHORTEST (distance)
 * @param minTimeSaved a slow usual route is worth a message only when the better one saves this
 */
public record RoutesConfig(RoadSettings roads, Router.Mode mode, Duration minTimeSaved)
    implements Serializable {

  public static RoutesConfig from(Settings s) {
    return new RoutesConfig(
        RoadSettings.from(s),
        s.choice("routes.mode", Router.Mode.class, Router.Mode.FASTEST),
        s.duration(
            "routes.min-time-saved", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(2)));
  }
}
