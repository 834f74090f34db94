package org.cityops.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a CityOps component reaches the MQTT broker: whom it trusts (TLS, for {@code ssl://}
 * addresses) and who it logs in as. Every part is optional: no user name is anonymous; no CA file
 * trusts what the Java runtime trusts.
 *
 * <p>The password is never part of the settings: it is read when the connection is made, from
 * {@code passwordFile} (a mounted secret) or else the environment variable {@code
 * CITYOPS_MQTT_PASSWORD}, so it stays out of command lines, job graphs and logs ({@link
 * #toString()} leaves it out).
 *
 * @param username the broker account (the broker's ACL says what it may publish and read), or null
 * @param passwordFile a file holding the password (trailing line breaks ignored), or null for the
 *     environment variable
 * @param caFile PEM certificates of the authorities that sign the broker's certificate (as {@code
 *     mosquitto_sub --cafile}), or null for the runtime's own
 */
public record MqttAccess(String username, String passwordFile, String caFile)
    implements Serializable {
  public static final String PASSWORD_VARIABLE = "CITYOPS_MQTT_PASSWORD";

  public MqttAccess {
    if (username != null && (username.isBlank() || username.length() > 256)) {
      throw new IllegalArgumentException("the MQTT username must be 1-256 characters");
    }
  }

  /** A login with the runtime's trust. */
  public MqttAccess(String username, String passwordFile) {
    this(username, passwordFile, null);
  }

  /** From optional settings; blank ones are absent. */
  public static MqttAccess of(String username, String passwordFile, String caFile) {
    return new MqttAccess(
        username == null || username.isBlank() ? null : username,
        passwordFile,
        caFile == null || caFile.isBlank() ? null : caFile);
  }

  public boolean logsIn() {
    return username != null;
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

  /**
   * Sockets that trust only the authorities in {@link #caFile()}; null when there is none (the
   * runtime's trust applies).
   */
  public SSLSocketFactory socketFactory() {
    if (caFile == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(Path.of(caFile))) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + n++, c);
      }
      if (n == 0) {
        throw new IllegalArgumentException("no certificate in the MQTT CA file " + caFile);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls.getSocketFactory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MQTT CA file " + caFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the MQTT CA file " + caFile + " holds no usable certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Hands what the connection needs to a client's options (as method references, so this contract
   * module needs no MQTT client): the user name and password when it logs in, the sockets when it
   * trusts its own authorities.
   */
  public void applyTo(
      java.util.function.Consumer<String> userName,
      java.util.function.Consumer<byte[]> password,
      java.util.function.Consumer<javax.net.SocketFactory> sockets) {
    if (logsIn()) {
      userName.accept(username);
      password.accept(password());
    }
    SSLSocketFactory tls = socketFactory();
    if (tls != null) {
      sockets.accept(tls);
    }
  }

  @Override
  public String toString() {
    String who =
        username == null
            ? "anonymous"
            : username
                + (passwordFile != null
                    ? " (password from " + passwordFile + ")"
                    : " (password from $" + PASSWORD_VARIABLE + ")");
    return caFile == null ? who : who + ", trusting " + caFile;
  }
}
