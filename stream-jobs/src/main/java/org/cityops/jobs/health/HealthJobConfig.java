package org.cityops.jobs.health;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.Settings;

/**
 * Everything the health job needs, parsed once and validated; immutable. The neighbourhoods come
 * from a GeoJSON file ({@code health.neighbourhoods}, with {@code health.id-property} and {@code
 * health.name-property}) and their populations from a CSV file ({@code health.populations}: {@code
 * id,population}; neighbourhoods it leaves out have {@code health.default-population}).
 */
public record HealthJobConfig(JobBasics basics, HealthConfig health, HealthAreas areas)
    implements Serializable {

  public static HealthJobConfig from(Settings s) {
    // notifications arrive in order of notification, hours apart at most
    JobBasics basics = JobBasics.from(s, "health", Duration.ofHours(1), Duration.ofMinutes(5));
    HealthConfig health = HealthConfig.from(s);
    String file = s.optionalText("health.neighbourhoods");
    if (file == null) {
      throw new ConfigException(
          "health.neighbourhoods",
          "is required: a GeoJSON file of the neighbourhoods cases are counted by (Rio's:"
              + " shared/data/rio/neighbourhoods.geojson with --health.id-property id_bairro)");
    }
    Path geojson = Path.of(file);
    if (!Files.isReadable(geojson)) {
      throw new ConfigException("health.neighbourhoods", "cannot read " + geojson);
    }
    String populations = s.optionalText("health.populations");
    HealthAreas areas =
        HealthAreas.read(
            geojson,
            s.text("health.id-property", "id_bairro"),
            s.text("health.name-property", "nome"),
            populations == null ? null : Path.of(populations),
            health.hotspots().adjacencyToleranceM());
    s.requireAllUsed();
    return new HealthJobConfig(basics, health, areas);
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public HealthJobConfig withInflux(org.cityops.jobs.sinks.influx.InfluxTarget target) {
    return new HealthJobConfig(basics.withInflux(target), health, areas);
  }
}
