package org.cityops.jobs.incidents;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.ControlMessage;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;

/**
 * Who may act on incidents, and in which role. A control message's claimed role is checked against
 * this roster: the topic's ACL says a message came from the console, the roster says what the
 * person in it may do. An empty roster accepts nobody.
 *
 * @param roles actor id → role
 */
public record ControlRoster(Map<String, ControlMessage.Role> roles) implements Serializable {
  public ControlRoster {
    roles = Map.copyOf(roles);
  }

  /**
   * {@code control.roster=ana=supervisor,bruno=operator}; without the setting, the environment
   * variable {@code CITYOPS_CONTROL_ROSTER} (a deployment's config map), else nobody.
   */
  public static ControlRoster from(Settings s) {
    String text = s.optionalText("control.roster");
    if (text == null) {
      text = System.getenv("CITYOPS_CONTROL_ROSTER");
    }
    if (text == null) {
      text = "";
    }
    Map<String, ControlMessage.Role> roles = new TreeMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", -1);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new ConfigException(
            "control.roster", "entries are actor=role, e.g. ana=supervisor; was '" + entry + "'");
      }
      try {
        roles.put(
            parts[0].trim(), ControlMessage.Role.valueOf(parts[1].trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "control.roster", "role of " + parts[0] + " must be operator or supervisor");
      }
    }
    return new ControlRoster(roles);
  }

  /** Why the message's sender may not act as it claims, or null when it may. */
  public String refusal(ControlMessage m) {
    ControlMessage.Role known = roles.get(m.actor());
    if (known == null) {
      return "actor '" + m.actor() + "' is not on the roster";
    }
    if (known != m.role()) {
      return "actor '"
          + m.actor()
          + "' claims the role "
          + m.role().name().toLowerCase(Locale.ROOT)
          + " but is "
          + known.name().toLowerCase(Locale.ROOT);
    }
    return null;
  }
}
