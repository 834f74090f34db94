package org.cityops.events;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who a CityOps component logs in to the MQTT broker as. The password is never part of the
 * settings: it is read when the connection is made, from {@code passwordFile} (a mounted secret) or
 * else the environment variable {@code CITYOPS_MQTT_PASSWORD}, so it stays out of command lines,
 * job graphs and logs ({@link #toString()} leaves it out).
 *
 * @param username the broker account (the broker's ACL says what it may publish and read)
 * @param passwordFile a file holding the password (trailing line breaks ignored), or null for the
 *     environment variable
 */
public record MqttLogin(String username, String passwordFile) implements Serializable {
  public static final String PASSWORD_VARIABLE = "CITYOPS_MQTT_PASSWORD";

  public MqttLogin {
    if (username == null || username.isBlank() || username.length() > 256) {
      throw new IllegalArgumentException("the MQTT username must be 1-256 characters");
    }
  }

  /** A login, or null (anonymous) when no username is given. */
  public static MqttLogin of(String username, String passwordFile) {
    return username == null || username.isBlank() ? null : new MqttLogin(username, passwordFile);
  }

  /** The password, read now; fails with what to do when there is none. */
  public byte[] password() {
    String secret;
    if (passwordFile != null) {
      try {
        secret = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the MQTT password file " + passwordFile + ": " + e.getMessage(), e);
      }
    } else {
      secret = System.getenv(PASSWORD_VARIABLE);
    }
    if (secret == null || secret.isEmpty()) {
      throw new IllegalStateException(
          "MQTT user '"
              + username
              + "' has no password: give a password file or set "
              + PASSWORD_VARIABLE);
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return username
        + (passwordFile != null
            ? " (password from " + passwordFile + ")"
            : " (password from $" + PASSWORD_VARIABLE + ")");
  }
}
