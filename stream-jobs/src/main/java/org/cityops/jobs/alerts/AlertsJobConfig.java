package org.cityops.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.ControlRoster;
import org.cityops.jobs.incidents.LifecycleConfig;

/**
 * The alerts job's settings, parsed once and checked: where it reads and writes, how late its
 * inputs may be, how incidents are fused and held, how warnings are issued and who may approve
 * them, the rules of the city's stage, where its time series go (null: nowhere), and the MQTT
 * broker residents' notifications go to ({@code mqtt.server-uri}; null: no fan-out).
 */
public record AlertsJobConfig(
    org.cityops.jobs.common.JobBasics basics,
    Duration controlIdleness,
    AlertConfig alerts,
    LifecycleConfig lifecycle,
    org.cityops.jobs.incidents.StageRules stageRules,
    String mqttServerUri,
    int maxNotificationsPerHour,
    org.cityops.jobs.routes.RoutesConfig routes,
    org.cityops.events.MqttAccess mqttAccess)
    implements Serializable, org.cityops.jobs.common.KafkaJobSettings {

  /** Who may act and approve: the lifecycle's roster, one for the whole job. */
  public ControlRoster roster() {
    return lifecycle.roster();
  }

  private static String mqtt(String uri) {
    if (uri != null && !uri.matches("(tcp|ssl|ws|wss)://.+")) {
      throw new org.cityops.jobs.common.ConfigException(
          "mqtt.server-uri", "must look like tcp://host:port, was '" + uri + "'");
    }
    return uri;
  }

  /**
   * The alerts job's buffer timeout when not given ({@code alerts.buffer-timeout}): a tenth of
   * Flink's. It carries incidents and warnings, tens a second in a storm against the thousands of
   * readings the detectors take, so few of its buffers fill and a detection crosses about five of
   * its tasks; a short timeout costs it little CPU (a flush sends only buffers that hold something)
   * and took about 0.3 s off the time to a resident's notification (BENCHMARKS.md).
   */
  public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(10);

  public static AlertsJobConfig from(Settings s) {
    AlertsJobConfig config =
        new AlertsJobConfig(
            org.cityops.jobs.common.JobBasics.from(
                s, "alerts", Duration.ofSeconds(10), Duration.ofSeconds(5), BUFFER_TIMEOUT),
            s.duration(
                "alerts.control-idleness",
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofHours(1)),
            AlertConfig.from(s),
            LifecycleConfig.from(s),
            org.cityops.jobs.incidents.StageRules.from(s),
            mqtt(s.optionalText("mqtt.server-uri")),
            s.integer(
                "notifications.max-per-hour",
                org.cityops.jobs.fanout.FanOut.DEFAULT_MAX_PER_HOUR,
                1,
                60),
            org.cityops.jobs.routes.RoutesConfig.from(s),
            // the password never in settings: read on the task managers from the file or from
            // CITYOPS_MQTT_PASSWORD
            org.cityops.events.MqttAccess.of(
                s.optionalText("mqtt.username"),
                s.optionalText("mqtt.password-file"),
                s.optionalText("mqtt.ca-file")));
    s.requireAllUsed();
    return config;
  }
}
