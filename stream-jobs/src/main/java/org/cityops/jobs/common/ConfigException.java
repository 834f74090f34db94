package org.cityops.jobs.common;

/** A job setting is missing or invalid; the message names the setting. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String key, String problem) {
    super("setting '" + key + "' " + problem);
  }

  /** A message that names its setting already. */
  public ConfigException(String message) {
    super(message);
  }
}
