package org.cityops.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link CapAlert} as OASIS CAP 1.2 XML ({@code urn:oasis:names:tc:emergency:cap:1.2}),
 * elements in the order the schema demands, with the JDK's StAX writer (escaping is its job, not
 * ours). The incident travels in CAP's own {@code incidents} element and its version as an info
 * {@code parameter}. The same alert always gives the same bytes.
 */
public final class CapXml {
  public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
  // The JDK's own writer, whatever else is on the class path (GraphHopper brings Woodstox, which
  // escapes differently): a re-sent message must be byte-identical wherever it is written.
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

  private CapXml() {}

  public static byte[] write(CapAlert alert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2_048);
    try {
      XMLStreamWriter w = FACTORY.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.setDefaultNamespace(NAMESPACE);
      w.writeStartElement(NAMESPACE, "alert");
      w.writeDefaultNamespace(NAMESPACE);
      element(w, "identifier", alert.identifier());
      element(w, "sender", alert.sender());
      element(w, "sent", alert.sent());
      element(w, "status", alert.status().name());
      element(w, "msgType", alert.msgType().name());
      element(w, "scope", alert.scope().name());
      if (!alert.references().isEmpty()) {
        element(w, "references", String.join(" ", alert.references()));
      }
      element(w, "incidents", alert.incidentId());
      for (CapAlert.Info info : alert.info()) {
        info(w, info, alert);
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("could not write CAP XML for " + alert.identifier(), e);
    }
    return out.toByteArray();
  }

  public static String writeString(CapAlert alert) {
    return new String(write(alert), StandardCharsets.UTF_8);
  }

  private static void info(XMLStreamWriter w, CapAlert.Info info, CapAlert alert)
      throws XMLStreamException {
    w.writeStartElement(NAMESPACE, "info");
    optional(w, "language", info.language());
    for (CapAlert.Category c : info.category()) {
      element(w, "category", c.name());
    }
    element(w, "event", info.event());
    for (CapAlert.ResponseType r : info.responseType()) {
      element(w, "responseType", r.name());
    }
    element(w, "urgency", info.urgency().name());
    element(w, "severity", capSeverity(info.severity()));
    element(w, "certainty", info.certainty().name());
    optional(w, "onset", info.onset());
    optional(w, "expires", info.expires());
    optional(w, "senderName", info.senderName());
    optional(w, "headline", info.headline());
    optional(w, "description", info.description());
    optional(w, "instruction", info.instruction());
    w.writeStartElement(NAMESPACE, "parameter");
    element(w, "valueName", "cityops:incidentVersion");
    element(w, "value", Long.toString(alert.incidentVersion()));
    w.writeEndElement();
    w.writeStartElement(NAMESPACE, "parameter");
    element(w, "valueName", "cityops:hazard");
    element(w, "value", alert.hazard().name().toLowerCase(Locale.ROOT));
    w.writeEndElement();
    for (CapAlert.Area area : info.area()) {
      w.writeStartElement(NAMESPACE, "area");
      element(w, "areaDesc", area.areaDesc());
      for (String p : area.polygon()) {
        element(w, "polygon", p);
      }
      for (String c : area.circle()) {
        element(w, "circle", c);
      }
      w.writeEndElement();
    }
    w.writeEndElement();
  }

  /** CAP spells severities as words with a capital: Minor, Moderate, Severe, Extreme. */
  public static String capSeverity(Severity severity) {
    String name = severity.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static void element(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement(NAMESPACE, name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private static void optional(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    if (text != null) {
      element(w, name, text);
    }
  }
}
